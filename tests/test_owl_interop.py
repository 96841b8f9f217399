"""Other OWL implementations read the release: owlready2 (load, save, reload with the OWL
API) and py-horned-owl (a Rust implementation), compared with the OWL API 5 count, on the
RDF/XML (`roto.owl`) and the OWL/XML (`roto.owx`) ROTO ships."""

from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from conftest import ROOT, canonical
from owl_census import census
from roto.namespaces import ONTOLOGY_IRI

RELEASE_OWL = ROOT / "release" / "roto.owl"
RELEASE_OWX = ROOT / "release" / "roto.owx"
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


@pytest.fixture(scope="module")
def runs(owlapi, owlready2_copy):
    """This module's OWL API runs, in one Java process (`OwlApi.jobs`): the .owl compared with
    owlready2's copy and with the .owx, and the .owx alone."""
    jobs = {"owlready2": (RELEASE_OWL, "--compare", owlready2_copy), "owx": (RELEASE_OWL, "--compare", RELEASE_OWX),
            "owx alone": (RELEASE_OWX,)}
    api = owlapi.get(OWLAPI)
    return {name: api.loaded(result) for name, result in zip(jobs, api.jobs(*jobs.values()), strict=True)}


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
    assert canonical(copy) == canonical(release)
    assert census(copy) == census(release)


@pytest.mark.java
def test_owlready2_round_trip_keeps_every_axiom_for_the_owl_api(runs):
    report = runs["owlready2"]
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
def test_the_owl_api_reads_the_same_ontology_from_the_owx_and_the_owl(runs):
    """Every axiom, with its annotations, and every ontology annotation: the OWL/XML that
    ROTO writes in Python says exactly what its RDF/XML says."""
    report = runs["owx"]
    for key in ("missing-annotated", "added-annotated", "missing", "added", "missing-ontology-annotation",
                "added-ontology-annotation"):
        assert report.values(key) == [], key
    assert report.number("other-annotated-axioms") == report.number("annotated-axioms")
    assert report.number("other-logical-axioms") == report.number("logical-axioms")
    assert runs["owx alone"].values("violation") == []


@pytest.mark.java
def test_horned_owl_reads_the_owx_exactly_as_the_owl_api_reads_the_owl(runs, release_graph):
    """py-horned-owl on the shipped OWL/XML: the OWL API's logical axioms by kind (56 negative
    property assertions and the 3 disjointness axioms among them) and its annotated axioms.
    The OWL API's facts about the .owl are those of the run that compared it with the .owx."""
    report = runs["owx"]
    logical, annotated = horned_counts(RELEASE_OWX, "owx")
    owlapi_logical = {k: n for k, n in report.tally("axiom-type").items() if k not in ("Declaration", "AnnotationAssertion")}
    assert logical == owlapi_logical
    assert logical["NegativeObjectPropertyAssertion"] == len(set(release_graph.subjects(RDF.type, OWL.NegativePropertyAssertion))) == 56
    disjointness = len(set(release_graph.subjects(RDF.type, OWL.AllDisjointClasses))) + len(set(release_graph.triples((None, OWL.disjointWith, None))))
    assert logical["DisjointClasses"] == disjointness == 3  # the 2, plus Review disjoint with Reference
    assert sum(logical.values()) == report.number("logical-axioms")
    assert annotated == report.number("annotated-axioms")


@pytest.mark.java
def test_horned_owl_reads_the_owl_like_the_owl_api_but_for_its_own_rdf_gaps(runs, release_graph):
    """On the RDF/XML, py-horned-owl 2.0.0 matches the OWL API by kind except that its RDF
    reader drops negative property assertions that carry annotations and owl:AllDisjointClasses
    (every other kind, declarations and annotation assertions included, is equal)."""
    owlapi_kinds = runs["owx"].tally("axiom-type")
    horned, _ = horned_counts(RELEASE_OWL, "rdf")
    dropped = {
        "NegativeObjectPropertyAssertion": len(set(release_graph.subjects(RDF.type, OWL.NegativePropertyAssertion))),
        "DisjointClasses": len(set(release_graph.subjects(RDF.type, OWL.AllDisjointClasses))),
    }
    expected = {kind: n - dropped.get(kind, 0) for kind, n in owlapi_kinds.items() if kind in horned or kind in dropped}
    assert horned == {kind: n for kind, n in expected.items() if n}


def test_the_rdf_gaps_are_horned_owls_own_reader(tmp_path):
    """No RDF serialisation avoids them: py-horned-owl cannot read back from RDF/XML an
    annotated negative assertion or a three-class disjointness that it wrote itself."""
    import pyhornedowl

    owx = tmp_path / "small.owx"
    owx.write_text("""<?xml version="1.0"?>
<Ontology xmlns="http://www.w3.org/2002/07/owl#" ontologyIRI="http://example.org/o">
 <Declaration><Class IRI="http://example.org/A"/></Declaration>
 <Declaration><Class IRI="http://example.org/B"/></Declaration>
 <Declaration><Class IRI="http://example.org/C"/></Declaration>
 <Declaration><ObjectProperty IRI="http://example.org/p"/></Declaration>
 <Declaration><AnnotationProperty IRI="http://example.org/note"/></Declaration>
 <Declaration><NamedIndividual IRI="http://example.org/a"/></Declaration>
 <Declaration><NamedIndividual IRI="http://example.org/b"/></Declaration>
 <DisjointClasses><Class IRI="http://example.org/A"/><Class IRI="http://example.org/B"/><Class IRI="http://example.org/C"/></DisjointClasses>
 <NegativeObjectPropertyAssertion><Annotation><AnnotationProperty IRI="http://example.org/note"/><Literal>n</Literal></Annotation>
  <ObjectProperty IRI="http://example.org/p"/><NamedIndividual IRI="http://example.org/a"/><NamedIndividual IRI="http://example.org/b"/>
 </NegativeObjectPropertyAssertion>
</Ontology>
""")
    rdf = tmp_path / "small.owl"
    pyhornedowl.open_ontology(str(owx), "owx").save_to_file(str(rdf), "rdf")
    from_owx = pyhornedowl.open_ontology(str(owx), "owx").get_components()
    from_rdf = pyhornedowl.open_ontology(str(rdf), "rdf").get_components()

    def kinds(components):
        return Counter(type(c.component).__name__ for c in components)

    assert kinds(from_owx)["DisjointClasses"] == 1 and kinds(from_rdf)["DisjointClasses"] != 1
    assert sum(1 for c in from_owx if c.ann) == 1 and sum(1 for c in from_rdf if c.ann) == 0
