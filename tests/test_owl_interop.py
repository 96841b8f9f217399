"""Other OWL implementations read the .owl release: owlready2 (load, save, reload with the
OWL API) and py-horned-owl (a Rust implementation), compared with the OWL API 5 count."""

from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from conftest import ROOT
from owl_census import census
from roto.namespaces import ONTOLOGY_IRI

RELEASE_OWL = ROOT / "release" / "roto.owl"
OWLAPI = "5.1.20"
# py-horned-owl component kinds that are not logical axioms.
NON_LOGICAL = {"DeclareClass", "DeclareObjectProperty", "DeclareDataProperty", "DeclareAnnotationProperty",
               "DeclareNamedIndividual", "DeclareDatatype", "AnnotationAssertion", "SubAnnotationPropertyOf",
               "AnnotationPropertyDomain", "AnnotationPropertyRange", "OntologyAnnotation", "Import",
               "OntologyID", "DocIRI"}


@pytest.fixture(scope="module")
def release_graph():
    return Graph().parse(RELEASE_OWL, format="xml")


@pytest.fixture(scope="module")
def owlready2_copy(tmp_path_factory):
    """The release loaded into its own owlready2 World and saved again as RDF/XML."""
    import owlready2

    world = owlready2.World()
    ontology = world.get_ontology(RELEASE_OWL.as_uri()).load()
    saved = tmp_path_factory.mktemp("owlready2") / "roto.owl"
    ontology.save(file=str(saved), format="rdfxml")
    world.close()
    return saved


LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def rdf11(graph: Graph) -> Graph:
    """The graph with "x"^^xsd:string written "x": the same literal in RDF 1.1 (owlready2
    writes the datatype, rdflib keeps the two apart)."""
    copy = Graph()
    for s, p, o in graph:
        copy.add((s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o))
    return copy


def test_owlready2_round_trip_keeps_the_graph_but_the_licence_iri(owlready2_copy, release_graph):
    """owlready2 keeps every triple, axiom annotations included, except one: it drops the
    trailing slash of the licence IRI in the ontology header."""
    copy = rdf11(Graph().parse(owlready2_copy, format="xml"))
    release = rdf11(release_graph)
    licence = (URIRef(ONTOLOGY_IRI), DCTERMS.license, LICENCE)
    assert licence in release and licence not in copy
    assert set(copy.triples((URIRef(ONTOLOGY_IRI), DCTERMS.license, None))) == {
        (URIRef(ONTOLOGY_IRI), DCTERMS.license, URIRef(str(LICENCE).rstrip("/")))}
    copy.remove((URIRef(ONTOLOGY_IRI), DCTERMS.license, None))
    copy.add(licence)
    assert isomorphic(copy, release)
    assert census(copy) == census(release)


@pytest.mark.java
def test_owlready2_round_trip_keeps_every_axiom_for_the_owl_api(owlapi, owlready2_copy):
    report = owlapi.get(OWLAPI).check(RELEASE_OWL, "--compare", owlready2_copy)
    assert report.number("other-annotated-axioms") == report.number("annotated-axioms")
    differences = [value for key in ("missing-annotated", "added-annotated", "missing", "added")
                   for value in report.values(key)]
    assert differences == []
    assert report.values("missing-ontology-annotation") == [f"Annotation(<{DCTERMS.license}> <{LICENCE}>)"]
    assert report.values("added-ontology-annotation") == [f"Annotation(<{DCTERMS.license}> <{str(LICENCE).rstrip('/')}>)"]


def horned_counts(path, syntax):
    """Logical axioms per kind, and the number of annotated components, as py-horned-owl reads them."""
    import pyhornedowl

    components = pyhornedowl.open_ontology(str(path), syntax).get_components()
    kinds = Counter(type(c.component).__name__ for c in components)
    logical = {kind: n for kind, n in kinds.items() if kind not in NON_LOGICAL}
    return logical, sum(1 for c in components if c.ann)


@pytest.mark.java
def test_horned_owl_reads_the_release_like_the_owl_api_except_two_known_gaps(owlapi, release_graph):
    """py-horned-owl 2.0.0's RDF/XML reader drops negative property assertions that carry
    annotations and owl:AllDisjointClasses; everything else matches the OWL API by kind."""
    owlapi_kinds = owlapi.report(OWLAPI, RELEASE_OWL).tally("axiom-type")
    horned, _ = horned_counts(RELEASE_OWL, "rdf")
    dropped = {
        "NegativeObjectPropertyAssertion": len(set(release_graph.subjects(RDF.type, OWL.NegativePropertyAssertion))),
        "DisjointClasses": len(set(release_graph.subjects(RDF.type, OWL.AllDisjointClasses))),
    }
    assert all(dropped.values())
    expected = {kind: n - dropped.get(kind, 0) for kind, n in owlapi_kinds.items() if kind in horned or kind in dropped}
    assert horned == {kind: n for kind, n in expected.items() if n}
    assert set(owlapi_kinds) - set(horned) - set(dropped) <= {"Declaration", "AnnotationAssertion"}


@pytest.mark.java
def test_horned_owl_finds_the_owl_api_logical_axiom_count(owlapi, tmp_path):
    """Given the same ontology as OWL/XML (written by the OWL API), py-horned-owl finds
    exactly the OWL API's logical and annotated axioms."""
    api = owlapi.get(OWLAPI)
    owx = tmp_path / "roto.owx"
    report = api.check(RELEASE_OWL, "--save", owx)
    logical, annotated = horned_counts(owx, "owx")
    assert sum(logical.values()) == report.number("logical-axioms")
    assert logical == {kind: n for kind, n in report.tally("axiom-type").items() if kind in logical}
    assert annotated == report.number("annotated-axioms")
