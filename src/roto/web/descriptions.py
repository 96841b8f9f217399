"""RDF documents that are not slices of the graph: the VoID description of the dataset and
the SPARQL service description. Built as pyoxigraph triples, served in any RDF syntax."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import pyoxigraph as ox

from ..blank_nodes import blank_node_names, renamed, stable_blank_nodes
from ..engine import store_select
from ..namespaces import BASE, GRAPH, LICENCE_IRI, ONTOLOGY_IRI, PREFIXES, RELEASE_FILES
from ..store import INFERRED_FILE, release_dir
from .dataset_metadata import DCAT, SPDX, distribution_triples, partition_triples
from .formats import RDF_FORMATS, SOLUTION_TYPES

VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VOID_IRI = BASE + "void"
# The release files, and the inferred graph `roto reason --save` writes beside them.
DOWNLOADS = (*RELEASE_FILES.items(),
             (INFERRED_FILE, "what the reasoner (HermiT) concludes from the graph, not stated by the review: "
              "its own named graph, in N-Quads"))
FORMAT_IRIS = {  # W3C format IRIs (https://www.w3.org/ns/formats/)
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
    "application/n-triples": "N-Triples",
}


INFERRED_DESCRIPTION = ("What the OWL reasoner HermiT concludes from the other graphs (roto reason --save), "
                        "such as the classes each model falls in; none of it is stated by the review.")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def graph_sizes(store: ox.Store) -> list[tuple[str, int]]:
    """(named graph, number of triples) for every graph of the store."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    return [(row["g"].value, int(row["n"].value)) for row in store_select(store, query)]


def union_size(store: ox.Store) -> int:
    """Distinct triples over all graphs (the endpoint's default graph)."""
    rows = store_select(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
                        use_default_graph_as_union=True)
    return int(next(iter(rows))["n"].value)


def linksets(store: ox.Store) -> list[tuple[str, list[str], int]]:
    """(target vocabulary namespace, SKOS link predicates, number of links) for each
    vocabulary the graph `mappings` links to; an OBO ontology is told by its ID prefix."""
    query = (f"SELECT ?p ?o WHERE {{ GRAPH <{GRAPH['mappings']}> {{ ?s ?p ?o "
             f"FILTER(isIRI(?s) && STRSTARTS(STR(?p), \"{PREFIXES['skos']}\")) }} }}")
    found: dict[str, tuple[set[str], list[str]]] = {}
    for row in store_select(store, query):
        target = row["o"].value
        namespace = target.rsplit("_", 1)[0] + "_" if "_" in target.rsplit("/", 1)[-1] else target.rsplit("/", 1)[0] + "/"
        predicates, links = found.setdefault(namespace, (set(), []))
        predicates.add(row["p"].value)
        links.append(target)
    return [(ns, sorted(predicates), len(links)) for ns, (predicates, links) in sorted(found.items())]


def void_triples(store: ox.Store, entities: int, endpoint: str | None) -> list[ox.Triple]:
    """The VoID description: size, graphs, dumps, IRI space, licence, endpoint if served,
    class and property partitions, and each release file as a DCAT distribution."""
    dataset = _n(VOID_IRI)
    sizes = graph_sizes(store)
    triples = [
        ox.Triple(dataset, RDF_TYPE, _n(VOID + "Dataset")),
        ox.Triple(dataset, _n(DCTERMS + "title"), ox.Literal("ROTO knowledge graph", language="en")),
        ox.Triple(dataset, _n(DCTERMS + "description"), ox.Literal(
            "What the 2014 review by Priebe, Omer, Giacco and Slade says about ten resource-oriented "
            "therapeutic models in psychiatry, each statement with its provenance.", language="en")),
        ox.Triple(dataset, _n(DCTERMS + "license"), _n(LICENCE_IRI)),
        ox.Triple(dataset, _n(DCTERMS + "source"), _n("https://doi.org/10.1192/bjp.bp.113.135038")),
        ox.Triple(dataset, _n(VOID + "triples"), _count(union_size(store))),
        ox.Triple(dataset, _n(VOID + "entities"), _count(entities)),
        ox.Triple(dataset, _n(VOID + "uriSpace"), ox.Literal(BASE)),
        ox.Triple(dataset, _n(VOID + "vocabulary"), _n(BASE)),
        ox.Triple(dataset, _n(VOID + "exampleResource"), _n(BASE + "model/open-dialogue")),
        ox.Triple(dataset, _n(VOID + "rootResource"), _n(ONTOLOGY_IRI)),
    ]
    triples += [ox.Triple(dataset, _n(VOID + "dataDump"), _n(BASE + name)) for name in RELEASE_FILES if name != "context.jsonld"]
    if endpoint:
        triples.append(ox.Triple(dataset, _n(VOID + "sparqlEndpoint"), _n(endpoint)))
    for graph, count in sizes:
        triples += [ox.Triple(dataset, _n(VOID + "subset"), _n(graph)),
                    ox.Triple(_n(graph), RDF_TYPE, _n(VOID + "Dataset")),
                    ox.Triple(_n(graph), _n(VOID + "triples"), _count(count))]
        if graph == GRAPH["inferred"]:
            triples += [ox.Triple(_n(graph), _n(DCTERMS + "description"), ox.Literal(INFERRED_DESCRIPTION, language="en")),
                        ox.Triple(_n(graph), _n(VOID + "dataDump"), _n(BASE + INFERRED_FILE))]
    triples += partition_triples(store, VOID_IRI) + distribution_triples(release_dir(), VOID_IRI)
    for number, (namespace, predicates, count) in enumerate(linksets(store), 1):
        linkset = _n(f"{VOID_IRI}#links-{number}")
        triples += [ox.Triple(_n(GRAPH["mappings"]), _n(VOID + "subset"), linkset),
                    ox.Triple(linkset, RDF_TYPE, _n(VOID + "Linkset")),
                    ox.Triple(linkset, _n(VOID + "subjectsTarget"), dataset),
                    ox.Triple(linkset, _n(VOID + "objectsTarget"), _n(namespace)),
                    ox.Triple(linkset, _n(VOID + "triples"), _count(count))]
        triples += [ox.Triple(linkset, _n(VOID + "linkPredicate"), _n(p)) for p in predicates]
    return triples


def service_triples(store: ox.Store, endpoint: str | None) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description returned at the endpoint (its IRI if known).

    `endpoint` comes from the server's configuration, never from a request header.
    """
    service, default_dataset, default_graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, RDF_TYPE, _n(SD + "Service")),
        *([ox.Triple(service, _n(SD + "endpoint"), _n(endpoint))] if endpoint else []),
        ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        ox.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        ox.Triple(service, _n(SD + "defaultDataset"), default_dataset),
        ox.Triple(default_dataset, RDF_TYPE, _n(SD + "Dataset")),
        ox.Triple(default_dataset, _n(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _n(SD + "Graph")),
        ox.Triple(default_dataset, _n(DCTERMS + "isPartOf"), _n(VOID_IRI)),
    ]
    media = list(SOLUTION_TYPES) + [f.media_type for f in RDF_FORMATS]
    triples += [ox.Triple(service, _n(SD + "resultFormat"), _n("http://www.w3.org/ns/formats/" + FORMAT_IRIS[m]))
                for m in media if m in FORMAT_IRIS]
    for graph, count in graph_sizes(store):
        named = ox.BlankNode("g" + str(len(triples)))
        description = ox.BlankNode("d" + str(len(triples)))
        triples += [ox.Triple(default_dataset, _n(SD + "namedGraph"), named),
                    ox.Triple(named, _n(SD + "name"), _n(graph)),
                    ox.Triple(named, _n(SD + "graph"), description),
                    ox.Triple(description, _n(VOID + "triples"), _count(count))]
    triples.append(ox.Triple(default_graph, _n(VOID + "triples"), _count(union_size(store))))
    return triples


@dataclass(frozen=True)
class Document:
    """Triples or quads ready to write in any RDF syntax: blank nodes named, in a stable
    order, with the prefixes they use; made once for all the syntaxes an IRI is offered in."""

    items: list
    prefixes: dict[str, str]

    def written(self, rdf_format: ox.RdfFormat) -> bytes:
        return ox.serialize(self.items, format=rdf_format, prefixes=self.prefixes) or b""  # bytes when no output is given


def document(triples: list[ox.Triple]) -> Document:
    """Triples as a Document."""
    return _document(stable_blank_nodes(triples))


def quads_document(quads: list[ox.Quad]) -> Document:
    """Quads (a nanopublication's graphs) as a Document, for TriG or N-Quads."""
    names = blank_node_names([q.triple for q in quads])
    return _document(list(dict.fromkeys(ox.Quad(renamed(q.subject, names), q.predicate, renamed(q.object, names),
                                                q.graph_name) for q in quads)))


def serialize(triples: list[ox.Triple], rdf_format: ox.RdfFormat) -> bytes:
    """Triples in `rdf_format`, declaring only the prefixes they use, in a stable order."""
    return document(triples).written(rdf_format)


def serialize_quads(quads: list[ox.Quad], rdf_format: ox.RdfFormat) -> bytes:
    """Quads in TriG or N-Quads, as `serialize` writes triples."""
    return quads_document(quads).written(rdf_format)


_CANDIDATES = {**PREFIXES, "void": VOID, "sd": SD, "dcat": DCAT, "spdx": SPDX}


def _document(items: list) -> Document:
    iris = {t.value for item in items for t in (item.subject, item.predicate, item.object, getattr(item, "graph_name", None))
            if isinstance(t, ox.NamedNode)}
    iris |= {item.object.datatype.value for item in items if isinstance(item.object, ox.Literal)}
    ordered_iris = sorted(iris)  # the IRIs starting with a namespace, if any, come first among those not below it

    def uses(namespace: str) -> bool:
        at = bisect_left(ordered_iris, namespace)
        return at < len(ordered_iris) and ordered_iris[at].startswith(namespace)

    used = {p: ns for p, ns in _CANDIDATES.items() if uses(ns)}
    ordered = sorted(items, key=lambda t: (str(getattr(t, "graph_name", "")), str(t.subject), str(t.predicate), str(t.object)))
    return Document(ordered, used)
