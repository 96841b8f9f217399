"""Compile the authored content into one rdflib Dataset with named graphs.

Graphs: `ontology` (ontology/*.ttl), `assertions` (entities and what the review says of
the models, blank cells as owl:NegativePropertyAssertion, and what it says of itself:
method, inclusion criteria, limitations, conclusions), `provenance` (OWL 2 axiom
annotations: source, locator, cited references, qualifications, nuance, joint claims,
evidence type), `references` (the review, its parts and its numbered reference list) and
`mappings` (links to other vocabularies, see `roto.mappings`). Definitions are written for
OBO tools too (see `roto.evidence_types`).

A qualification (a hedge) is an individual (<statement IRI>/hedge/<n>) the statement points
to with roto:qualifiedBy, carrying its kind (roto:qualifier), a note (roto:nuance) and its own
citations (roto:citesReference): one shape for every hedge, whatever it qualifies. Blank
nodes get stable ids from
statement ids so that the release files are byte-identical for the same input.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from ..assets import asset_dir
from ..authoring import AuthoredStatement, Content, Entity, Qualification, read_content
from ..errors import RotoError
from ..evidence_types import AXIOM_HAS_EVIDENCE, curate_definitions, statement_evidence
from ..mappings import add_mappings
from ..namespaces import BASE, GRAPH, PREFIXES, graph_iri
from .triples import DCTERMS, OWL, RDF, RDFS, SKOS, XSD, Triples, iri

ROTO = BASE


def statement_node(statement_id: str, namespace: str = BASE) -> BNode:
    """The stable blank node of a statement's owl:Axiom (or negative assertion); a project's
    statement ids are taken with its namespace, so a project's model may share a review model's id."""
    key = statement_id if namespace == BASE else namespace + statement_id
    return BNode("s" + hashlib.sha1(key.encode()).hexdigest()[:16])


def qualification_iri(holder: str, index: int) -> URIRef:
    """The IRI of the `index`-th hedge on a statement (`holder`: its IRI under statement/) or
    a claim. Named, not blank: an anonymous individual inside an axiom annotation has no
    identity across OWL tools, so round trips could not tell the hedges apart."""
    return URIRef(f"{holder}/hedge/{index}")


def add_qualifications(graph: Graph | Triples, holder, holder_iri: str, qualifications: tuple[Qualification, ...]) -> None:
    """Each hedge on `holder` (an axiom node or a claim) as its own node with kind, note and citations."""
    for index, q in enumerate(qualifications, 1):
        node = qualification_iri(holder_iri, index)
        graph.add((holder, iri(ROTO + "qualifiedBy"), node))
        graph.add((node, iri(ROTO + "qualifier"), iri(q.kind)))
        if q.note:
            graph.add((node, iri(ROTO + "nuance"), Literal(q.note, lang="en")))
        for ref in q.cites:
            graph.add((node, iri(ROTO + "citesReference"), iri(ref)))


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def parse_rdf_file(path: Path, into: Graph, fmt: str = "turtle") -> None:
    """Parse an RDF file into a graph, turning parser errors into one-line RotoErrors."""
    try:
        into.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        message = " ".join(str(exc).split())
        raise RotoError(f"{path}: cannot parse as {fmt}: {message}") from None


def _ontology_graph(graph: Triples) -> None:
    scratch = Graph()
    for path in sorted(asset_dir("ontology").glob("*.ttl")):
        parse_rdf_file(path, scratch)
    # Canonical blank-node labels keep serialisations stable across runs; the compiler's IRI objects (`iri`).
    for triple in to_canonical_graph(scratch):
        graph.add(tuple(iri(str(term)) if type(term) is URIRef else term for term in triple))  # type: ignore[arg-type]


def _entity(graph: Graph | Triples, refs: Graph | Triples, e: Entity) -> None:
    target = refs if e.kind in ("reference", "part") else graph
    s = iri(e.iri)
    target.add((s, RDF.type, OWL.NamedIndividual))
    target.add((s, RDF.type, iri(e.cls)))
    target.add((s, RDFS.label, Literal(e.label, lang="en")))
    if e.definition:
        target.add((s, SKOS.definition, Literal(e.definition, lang="en")))
    if e.position is not None:
        target.add((s, iri(ROTO + "tablePosition"), Literal(e.position, datatype=XSD.integer)))
    if e.source:
        target.add((s, iri(ROTO + "source"), iri(e.source)))
    for locator in e.locators:
        target.add((s, iri(ROTO + "locator"), iri(locator)))
    if "dimension" in e.extra:
        target.add((s, iri(ROTO + "onDimension"), iri(e.extra["dimension"])))
    if e.kind == "part" and e.source is not None:
        target.add((s, iri(ROTO + "partOf"), iri(e.source)))
    if e.kind == "claim":
        target.add((s, iri(ROTO + "claimText"), Literal(e.extra["text"], lang="en")))
        for ref in e.extra["cites"]:
            target.add((s, iri(ROTO + "citesReference"), iri(ref)))
        add_qualifications(target, s, e.iri, e.extra["qualifications"])
    if e.kind == "reference":
        target.add((s, iri(ROTO + "referenceNumber"), Literal(e.extra["number"], datatype=XSD.positiveInteger)))
        target.add((s, iri(ROTO + "citedIn"), iri(e.extra["cited_in"])))
        if e.extra["authors"]:
            target.add((s, iri(ROTO + "authorsAsCited"), Literal(e.extra["authors"])))


def negative_assertion(st: AuthoredStatement) -> list[tuple[URIRef, URIRef]]:
    """What a negative statement's node says (as predicate and value), in its assertions graph
    and in its nanopublication's assertion."""
    return [(RDF.type, OWL.NegativePropertyAssertion), (OWL.sourceIndividual, iri(st.subject)),
            (OWL.assertionProperty, iri(st.predicate)), (OWL.targetIndividual, iri(st.object))]


def _statement(assertions: Triples, provenance: Triples, st: AuthoredStatement) -> None:
    s, p, o = iri(st.subject), iri(st.predicate), iri(st.object)
    node = statement_node(st.id, st.namespace)
    if st.positive:
        assertions.add((s, p, o))
        provenance.add((node, RDF.type, OWL.Axiom))
        provenance.add((node, OWL.annotatedSource, s))
        provenance.add((node, OWL.annotatedProperty, p))
        provenance.add((node, OWL.annotatedTarget, o))
    else:
        for predicate, value in negative_assertion(st):
            assertions.add((node, predicate, value))
    provenance.add((node, iri(ROTO + "statementId"), Literal(st.id)))
    provenance.add((node, iri(ROTO + "source"), iri(st.source)))
    provenance.add((node, AXIOM_HAS_EVIDENCE, statement_evidence(st.cites)))
    for locator in st.locators:
        provenance.add((node, iri(ROTO + "locator"), iri(locator)))
    for ref in st.cites:
        provenance.add((node, iri(ROTO + "citesReference"), iri(ref)))
    add_qualifications(provenance, node, st.iri, st.qualifications)
    if st.nuance:
        provenance.add((node, iri(ROTO + "nuance"), Literal(st.nuance, lang="en")))
    for other in st.joint_with:
        provenance.add((node, iri(ROTO + "jointClaimWith"), iri(other)))


def _sources(graphs: _Graphs, content: Content) -> None:
    for source in content.sources.values():
        refs = graphs(source.namespace, "references")
        s = iri(source.iri)
        refs.add((s, RDF.type, OWL.NamedIndividual))
        refs.add((s, RDF.type, iri(ROTO + "Review")))
        refs.add((s, RDFS.label, Literal(source.title or source.id, lang="en")))
        if source.title:
            refs.add((s, DCTERMS.title, Literal(source.title, lang="en")))
        if source.authors:
            refs.add((s, iri(ROTO + "authorsAsCited"), Literal(source.authors)))
        if source.citation:
            refs.add((s, DCTERMS.bibliographicCitation, Literal(source.citation)))
        if source.year:
            refs.add((s, DCTERMS.issued, Literal(str(source.year), datatype=XSD.gYear)))
        if source.doi:
            refs.add((s, DCTERMS.identifier, Literal(f"doi:{source.doi}")))
        for name, orcid in source.creators:
            refs.add((s, DCTERMS.creator, iri(orcid) if orcid else Literal(name)))
            if orcid:
                refs.add((iri(orcid), RDFS.label, Literal(name)))
        if source.licence:
            refs.add((s, DCTERMS.license, iri(source.licence)))


def compile_graphs(content: Content, entities: dict[str, Triples] | None = None) -> dict[str, Triples]:
    """Each named graph's triples (not `inferred`) for already-read content, by graph IRI:
    the review's graphs always, a project's when something goes in them. `entities`, if given,
    is filled with each namespace's entities graph, the part of its assertions about the
    entities themselves (the release's roto-graphs.trig: not made a second time)."""
    graphs = _Graphs()
    _ontology_graph(graphs(BASE, "ontology"))
    _sources(graphs, content)
    entities = {} if entities is None else entities
    for entity in content.entities.values():
        _entity(entities.setdefault(entity.namespace, Triples()), graphs(entity.namespace, "references"), entity)
    for namespace, triples in entities.items():
        curate_definitions(triples)  # a statement's predicate is never a definition: its assertions need no more
        graphs(namespace, "assertions").update(triples)
    for statement in content.statements:
        _statement(graphs(statement.namespace, "assertions"), graphs(statement.namespace, "provenance"), statement)
    for (_, name), triples in list(graphs.made.items()):
        if name in ("ontology", "references"):
            curate_definitions(triples)
    add_mappings(graphs(BASE, "mappings"))
    return {graph_iri(name, namespace): triples for (namespace, name), triples in graphs.made.items()}


class _Graphs:
    """The named graphs by (namespace, name): the review's (made up front, so the review's
    output does not change) and each project's, made when something goes in them."""

    def __init__(self) -> None:
        self.made: dict[tuple[str, str], Triples] = {}
        for name in GRAPH:
            if name != "inferred":
                self(BASE, name)

    def __call__(self, namespace: str, name: str) -> Triples:
        return self.made.setdefault((namespace, name), Triples())


def project_prefixes(content: Content) -> dict[str, str]:
    """Each project source's prefix and namespace, bound in the files written for it."""
    return {source.id: source.namespace for source in content.sources.values()
            if source.namespace != BASE and source.iri.startswith(source.namespace)}


def as_dataset(graphs: dict[str, Triples], prefixes: dict[str, str] | None = None) -> Dataset:
    """The compiled graphs as one rdflib Dataset, for the code that reads rdflib."""
    dataset = Dataset()
    bind_prefixes(dataset)
    for prefix, namespace in (prefixes or {}).items():
        dataset.bind(prefix, namespace)
    for name, triples in graphs.items():
        graph = dataset.graph(URIRef(name))
        for triple in triples:
            graph.add(triple)
    return dataset


def compile_content(content: Content) -> Dataset:
    """The Dataset for already-read content (see `compile_review` for the usual entry point)."""
    return as_dataset(compile_graphs(content), project_prefixes(content))


def compile_review(extra: list[Path] | tuple[Path, ...] = (), project=None) -> Dataset:
    """Read the review's authored files (plus a project's and `extra` TOML files) and compile them."""
    return compile_content(read_content(extra, project=project))
