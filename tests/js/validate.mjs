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

// shacl-engine's SPARQL plugin makes a new Comunica QueryEngine for every query (each SPARQL
// target, each focus node of each sh:sparql constraint), and building one builds its SPARQL
// parser anew: about 40 ms, 90% of the run. One engine serves every query instead, as
// Comunica intends: its actors are replaced in the module cache by one shared set before
// the plugin is loaded; the plugin's own code still runs every query.
const require = createRequire(import.meta.url)
const engineModule = require.resolve('@comunica/query-sparql-rdfjs-lite/engine-default.js')
const buildEngine = require(engineModule)
let engine = null
require.cache[engineModule].exports = () => (engine ??= buildEngine())
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

async function validate ({ shapes, data }) {
  const validator = new Validator(load(shapes), { factory: rdfDataModel, targetResolvers, validations })
  const report = await validator.validate({ dataset: load(data) })
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
