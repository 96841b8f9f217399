"""Write the release files: one deterministic serialisation per common RDF syntax.

`roto.ttl`, `roto.owl` (RDF/XML with typed nodes, what Protégé, pronto and oaklib open),
`roto.owx` (OWL/XML, read completely by py-horned-owl too), `roto.jsonld` (context inline,
also shipped as `context.jsonld`), `roto.nt`, `roto.nq` (the dataset with its named graphs,
the form queries load) and `roto.trig`, a nanopublication-style export: per statement an
assertion, a provenance and a publication-info graph; `roto-examples.ttl` describes the
canned queries as SPARQL examples (`roto.sparql_examples`). Everything is rendered in memory
first, then the folder is replaced as a whole in one step (`roto.file_set`), so a failed
or killed build leaves the old set of files, never a mix of two builds.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from . import owlxml, rdfxml
from .authoring import Content, read_content
from .compiler import (
    _entity,
    add_qualifications,
    bind_prefixes,
    compile_content,
    statement_node,
)
from .errors import RotoError
from .evidence_types import AXIOM_HAS_EVIDENCE, curate_definitions, statement_evidence
from .file_set import check_replaceable, is_litter, replace_folder
from .namespaces import BASE, GRAPH, ONTOLOGY_IRI, PREFIXES, VERSION, VERSION_IRI, iri
from .sparql_examples import EXAMPLES_FILE, examples_turtle
from .store import INFERRED_FILE

PROV = "http://www.w3.org/ns/prov#"
CITO = "http://purl.org/spar/cito/"
NP = "http://www.nanopub.org/nschema#"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

RELEASE_FILES = ("roto.ttl", "roto.owl", "roto.owx", "roto.jsonld", "context.jsonld", "roto.nt", "roto.nq", "roto.trig",
                 EXAMPLES_FILE)


def union_graph(dataset: Dataset, *, inferred: bool = False) -> Graph:
    """All named graphs of the dataset merged into one Graph (the OWL document)."""
    graph = Graph()
    bind_prefixes(graph)
    for context in dataset.graphs():
        name = str(context.identifier)
        if name == GRAPH["inferred"] and not inferred:
            continue
        for triple in context:
            graph.add(triple)
    return graph


def jsonld_context() -> dict:
    """The JSON-LD context: ROTO's prefixes plus short names for its properties."""
    context: dict[str, object] = dict(PREFIXES)
    for name in ("usesResource", "usesRelationship", "hasReciprocity", "hasExpertiseLocus", "hasKeyText",
                 "onDimension", "partOf", "citedIn", "source", "locator", "citesReference", "qualifier",
                 "qualifiedBy", "jointClaimWith"):
        context[name] = {"@id": f"roto:{name}", "@type": "@id"}
    for name in ("referenceNumber", "authorsAsCited", "statementId", "nuance", "tablePosition", "claimText"):
        context[name] = {"@id": f"roto:{name}"}
    context["label"] = {"@id": "rdfs:label"}
    context["definition"] = {"@id": "skos:definition"}
    return {"@context": context}


def _canonical_json(value: object, ordered: bool = False) -> object:
    """Sort JSON-LD node lists and multi-values (not @list members) so output is stable."""
    if isinstance(value, dict):
        return {k: _canonical_json(v, ordered=(k == "@list")) for k, v in sorted(value.items())}
    if isinstance(value, list) and ordered:
        return [_canonical_json(v) for v in value]
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(graph: Graph) -> bytes:
    context = jsonld_context()["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if "@graph" in document:
        document["@graph"] = _canonical_json(document["@graph"])
    document["@context"] = context
    ordered = {"@context": document.pop("@context"), **{k: document[k] for k in sorted(document)}}
    return (json.dumps(ordered, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _sorted_lines(text: str) -> bytes:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def _trig(dataset: Dataset) -> bytes:
    """TriG with graphs in name order, each written by the (sorting) Turtle serialiser."""
    prefixes: set[str] = set()
    blocks = []
    for context in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(context) or context.identifier == dataset.default_graph.identifier:
            continue
        graph = Graph()
        bind_prefixes(graph)
        for triple in context:
            graph.add(triple)
        body: list[str] = []
        for line in graph.serialize(format="turtle").splitlines():
            (prefixes.add if line.startswith("@prefix") else body.append)(line)
        text = "\n".join("    " + line if line else "" for line in body).strip("\n")
        blocks.append(f"<{context.identifier}> {{\n{text}\n}}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def nanopublications(content: Content, dataset: Dataset) -> Dataset:
    """One nanopublication per statement, plus the ontology, entity, reference and mapping graphs."""
    trig = Dataset()
    bind_prefixes(trig)
    for name in ("ontology", "references", "mappings"):
        target = trig.graph(URIRef(GRAPH[name]))
        for triple in dataset.graph(URIRef(GRAPH[name])):
            target.add(triple)
    entities = trig.graph(URIRef(BASE + "graph/entities"))
    scratch_refs = Graph()
    for entity in content.entities.values():
        _entity(entities, scratch_refs, entity)
    curate_definitions(entities)
    assertions = dataset.graph(URIRef(GRAPH["assertions"]))
    for st in content.statements:
        base = iri("statement", st.id)
        head, a, p, info = (trig.graph(URIRef(f"{base}/{part}")) for part in ("head", "assertion", "provenance", "pubinfo"))
        np_node = URIRef(base)
        head.add((np_node, RDF.type, URIRef(NP + "Nanopublication")))
        head.add((np_node, URIRef(NP + "hasAssertion"), a.identifier))
        head.add((np_node, URIRef(NP + "hasProvenance"), p.identifier))
        head.add((np_node, URIRef(NP + "hasPublicationInfo"), info.identifier))
        if st.positive:
            a.add((URIRef(st.subject), URIRef(st.predicate), URIRef(st.object)))
        else:
            for triple in assertions.triples((statement_node(st.id), None, None)):
                a.add(triple)
        p.add((a.identifier, URIRef(PROV + "wasDerivedFrom"), URIRef(st.source)))
        p.add((a.identifier, AXIOM_HAS_EVIDENCE, statement_evidence(st.cites)))
        for locator in st.locators:
            p.add((a.identifier, URIRef(BASE + "locator"), URIRef(locator)))
        for ref in st.cites:
            p.add((a.identifier, URIRef(CITO + "citesAsEvidence"), URIRef(ref)))
        add_qualifications(p, a.identifier, base, st.qualifications)
        if st.nuance:
            p.add((a.identifier, URIRef(BASE + "nuance"), Literal(st.nuance, lang="en")))
        for other in st.joint_with:
            p.add((a.identifier, URIRef(BASE + "jointClaimWith"), URIRef(other)))
        info.add((np_node, DCTERMS.license, URIRef(CC_BY)))
        info.add((np_node, DCTERMS.creator, Literal("ROTO contributors")))
        info.add((np_node, DCTERMS.isPartOf, URIRef(ONTOLOGY_IRI)))
        info.add((np_node, URIRef(PROV + "wasDerivedFrom"), URIRef(VERSION_IRI)))
        info.add((np_node, URIRef(BASE + "statementId"), Literal(st.id)))
    return trig


def render(content: Content | None = None) -> dict[str, bytes]:
    """Every release file's bytes, keyed by file name."""
    content = content or read_content()
    dataset = compile_content(content)
    union = union_graph(dataset)
    return {
        "roto.ttl": union.serialize(format="turtle").encode("utf-8"),
        "roto.owl": rdfxml.serialize(union),
        "roto.owx": owlxml.serialize(union),
        "roto.jsonld": _jsonld(union),
        "context.jsonld": (json.dumps(jsonld_context(), indent=2) + "\n").encode("utf-8"),
        "roto.nt": _sorted_lines(union.serialize(format="nt")),
        "roto.nq": _sorted_lines(dataset.serialize(format="nquads")),
        "roto.trig": _trig(nanopublications(content, dataset)),
        EXAMPLES_FILE: examples_turtle(),
    }


def build(out_dir: Path) -> list[Path]:
    """Render every release file, then replace out_dir with them in one step, keeping its
    saved inferred graph (`roto reason --save`); returns the paths written.

    Refuses a folder holding anything else: replacing it would delete files ROTO did not write.
    """
    folder = check_replaceable(out_dir)
    present = sorted(p.name for p in folder.iterdir() if not is_litter(p.name)) if folder.is_dir() else []
    foreign = [name for name in present if name not in (*RELEASE_FILES, INFERRED_FILE)]
    if foreign:
        raise RotoError(f"{out_dir} holds files roto build did not write ({', '.join(foreign[:3])}"
                        f"{', ...' if len(foreign) > 3 else ''}): choose a new or empty folder")
    files = render()
    replace_folder(out_dir, files, keep=[INFERRED_FILE] if INFERRED_FILE in present else [])
    return [out_dir / name for name in files]


__all__ = ["RELEASE_FILES", "VERSION", "build", "jsonld_context", "nanopublications", "render", "union_graph"]
