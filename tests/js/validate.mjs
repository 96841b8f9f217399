// Validate RDF files with shacl-engine (and its SPARQL plugin), a SHACL engine
// independent of pySHACL, so the tests can check that both engines agree.
//
// Usage: node validate.mjs CASES.json
// CASES.json: [{"shapes": ["a.ttl", ...], "data": ["d.nt", ...]}, ...]
// shacl-engine reads rdfs:subClassOf from the shapes graph, not from the data graph as
// SHACL says, so list the ontology among the shapes too.
// Prints one JSON object per case, in order: {"conforms": bool, "results": [...]},
// where conforms means "no result of severity sh:Violation" (warnings and infos allowed).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import rdfDataModel from '@rdfjs/data-model'
import { Parser, Store } from 'n3'
import { Validator } from 'shacl-engine'

// Where the time goes: nearly all of it in the SPARQL targets (ten queries a case, each run
// over the whole data; the sh:sparql constraints then run only for the few nodes found), in
// Comunica's per-operation machinery. Four things cut it without changing what runs (the
// fourth, below at validatorOf, is shacl-engine's own reuse of a Validator):
//
// 1. One Comunica engine serves every query. shacl-engine's SPARQL plugin makes a new
//    QueryEngine for every query (each SPARQL target, each focus node of each sh:sparql
//    constraint), and building one builds its SPARQL parser anew: about 40 ms. Its actors
//    are replaced in the module cache by one shared set before the plugin is loaded; the
//    plugin's own code still runs every query, as Comunica intends an engine to be reused.
// 2. Each query text is parsed once: the same ten target queries run for every case. The
//    parse mediator's answer for a text is kept and deep-frozen, so an execution that tried
//    to change the shared algebra would throw rather than alter a later query; initial
//    bindings are applied to it afterwards by Comunica (a new operation), as before.
// 3. The plugin hands Comunica its DatasetSource, which can only `match`: Comunica then
//    counts every pattern it plans a join with by matching it a second time, through a
//    stream per quad. The same n3 Store is given instead as a source that also counts
//    (`countQuads`, the store's exact count of the same pattern, so every cardinality and so
//    every join plan is as before) and matches from the store's own index walk (the same
//    quads in the same order).
// The JSON printed is byte for byte what it was before these changes, on every case of the
// suite, but for the fourth: with the shapes parsed once, their blank nodes have other labels
// (a result's `source` when its shape is one), and a case's results may come in another
// order; every case's conformance and results (severity, component, focus, path, a named
// source) are the same.
const require = createRequire(import.meta.url)
const engineModule = require.resolve('@comunica/query-sparql-rdfjs-lite/engine-default.js')
const engine = require(engineModule)()
require.cache[engineModule].exports = () => engine
const { ArrayIterator } = require('asynciterator')
const { QueryEngineBase } = require('@comunica/actor-init-query')

function deepFreeze (value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    Object.values(value).forEach(deepFreeze)
  }
  return value
}

for (const actor of engine.mediatorQueryProcess.bus.actors) {
  const parser = actor.mediatorQueryParse
  if (parser) {
    const parsed = new Map()
    const mediate = parser.mediate.bind(parser)
    parser.mediate = action => {
      const key = JSON.stringify([action.query, action.queryFormat ?? null, action.baseIRI ?? null])
      if (!parsed.has(key)) parsed.set(key, mediate(action).then(deepFreeze))
      return parsed.get(key)
    }
  }
}

class CountingSource {
  constructor (store) {
    this.store = store
  }

  match (subject, predicate, object, graph) {
    return new ArrayIterator(this.store.getQuads(subject, predicate, object, graph), { autoStart: false })
  }

  countQuads (subject, predicate, object, graph) {
    return this.store.countQuads(subject, predicate, object, graph)
  }
}

const queryBindings = QueryEngineBase.prototype.queryBindings
QueryEngineBase.prototype.queryBindings = function (query, context) {
  const [source, ...others] = context.sources
  if (others.length || !(source.dataset instanceof Store)) {
    throw new Error('validate.mjs: expected the plugin to query one n3 Store')
  }
  return queryBindings.call(this, query, { ...context, sources: [new CountingSource(source.dataset)] })
}
const { targetResolvers, validations } = await import('shacl-engine/sparql.js')

const SH = 'http://www.w3.org/ns/shacl#'

function load (files) {
  const store = new Store()
  for (const file of files) {
    const format = file.endsWith('.nt') ? 'N-Triples' : 'Turtle'
    store.addQuads(new Parser({ format, baseIRI: 'file://' + file }).parse(readFileSync(file, 'utf8')))
  }
  return store
}

function term (t) {
  return t ? t.value : null
}

// 4. One Validator per shapes list, as shacl-engine means one to be used: its constructor
//    reads the shapes graph (every shape and compiled validation it keeps reads only that
//    graph) and each `validate` call starts from a fresh context on the data given, so the
//    cases on the same shapes are validated by the one built for their list, their shapes
//    parsed once.
const validators = new Map()

function validatorOf (shapes) {
  const key = JSON.stringify(shapes)
  if (!validators.has(key)) {
    validators.set(key, new Validator(load(shapes), { factory: rdfDataModel, targetResolvers, validations }))
  }
  return validators.get(key)
}

async function validate ({ shapes, data }) {
  const report = await validatorOf(shapes).validate({ dataset: load(data) })
  const results = report.results.map(r => ({
    focus: term(r.focusNode?.term),
    component: term(r.constraintComponent),
    severity: term(r.severity),
    source: term(r.source?.[0]) || term(r.shape.ptr.term),
    path: r.path && r.path.length === 1 && r.path[0].predicates.length === 1 ? term(r.path[0].predicates[0]) : null
  }))
  return { conforms: !results.some(r => r.severity === SH + 'Violation'), results }
}

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const out = []
for (const c of cases) {
  out.push(await validate(c))
}
process.stdout.write(JSON.stringify(out) + '\n')
