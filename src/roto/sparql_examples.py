"""The canned queries described as SPARQL examples, in the shape of the SIB sparql-examples
collection (https://github.com/sib-swiss/sparql-examples): each query an `sh:SPARQLExecutable`
(and `sh:SPARQLSelectExecutable`, `...AskExecutable`, `...ConstructExecutable` or
`...DescribeExecutable` by its form) with its title as `rdfs:label`, its description as
`rdfs:comment`, the query text, byte for byte the `.rq` file, under `sh:select`, `sh:ask`,
`sh:construct` or `sh:describe`, and the endpoint it runs on as `schema:target`.

`roto build` writes them to their own release file (`roto-examples.ttl`), apart from the
ontology and the knowledge graph: they describe queries, not the review, and SHACL terms in
the OWL files would be undeclared properties to an OWL DL reader.
"""

from __future__ import annotations

from .canned import CannedQuery, all_queries
from .namespaces import BASE

EXAMPLES_FILE = "roto-examples.ttl"
# Each example is named inside the file that describes it (roto-examples.ttl#models), so its
# IRI resolves wherever the release files are served (roto serve, roto site) with no rule of its own.
EXAMPLE_BASE = BASE + EXAMPLES_FILE + "#"
# The endpoint's IRI under ROTO's namespace: `roto serve` answers it at /sparql, as its paths mirror the IRIs.
ENDPOINT_IRI = BASE + "sparql"
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
# query form -> (the executable's class, the property holding the text)
FORMS = {"SELECT": ("SPARQLSelectExecutable", "select"), "ASK": ("SPARQLAskExecutable", "ask"),
         "CONSTRUCT": ("SPARQLConstructExecutable", "construct"), "DESCRIBE": ("SPARQLDescribeExecutable", "describe")}


def example_iri(query: CannedQuery) -> str:
    return EXAMPLE_BASE + query.name


def examples_graph(queries: dict[str, CannedQuery] | None = None):
    """An rdflib Graph describing every canned query (all of `queries/`, checks included)."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS

    from .sparql_guard import query_form

    sh, schema = Namespace(SH), Namespace(SCHEMA)
    graph = Graph()
    graph.bind("sh", sh)
    graph.bind("schema", schema)
    graph.bind("ex", EXAMPLE_BASE)
    for query in (queries or all_queries()).values():
        node = URIRef(example_iri(query))
        kind, holder = FORMS[query_form(query.text)]
        graph.add((node, RDF.type, sh.SPARQLExecutable))
        graph.add((node, RDF.type, sh[kind]))
        graph.add((node, RDFS.label, Literal(query.title, lang="en")))
        graph.add((node, RDFS.comment, Literal(query.description, lang="en")))
        graph.add((node, sh[holder], Literal(query.text)))
        graph.add((node, schema.target, URIRef(ENDPOINT_IRI)))
        if query.name.startswith("checks/"):
            graph.add((node, schema.keywords, Literal("quality check", lang="en")))
    return graph


def examples_turtle() -> bytes:
    return examples_graph().serialize(format="turtle").encode("utf-8")
