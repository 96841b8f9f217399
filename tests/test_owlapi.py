"""The .owl release as Protégé's library sees it: the OWL API (5.1.20 and 3.4.3) loads it,
finds the axioms and axiom annotations that the graph holds, sees an OWL 2 DL ontology
without punning, and keeps every axiom annotation through a save and reload."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from conftest import ROOT, write_input
from owl_census import census
from owlapi_harness import VERSIONS
from roto.mappings import read_mappings
from roto.namespaces import ONTOLOGY_IRI, VERSION_IRI

RELEASE_OWL = ROOT / "release" / "roto.owl"

pytestmark = [pytest.mark.java, pytest.mark.parametrize("version", VERSIONS, scope="module")]
NOT_RDF_XML = {"broken-xml": b"<rdf:RDF><unclosed>", "turtle": b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"}


@pytest.fixture(scope="module")
def release_graph():
    return Graph().parse(RELEASE_OWL, format="xml")


@pytest.fixture(scope="module")
def expected(release_graph):
    """Counts computed in Python from the graph of the same file."""
    counts = census(release_graph)
    assert counts.unclassified == [], f"triples the census does not understand: {counts.unclassified[:10]}"
    return counts


@pytest.fixture(scope="module")
def runs(owlapi, version, tmp_path_factory):
    """This module's OwlCheck runs for `version`, in one Java process (`OwlApi.jobs`): the
    release loaded, saved and compared with its saved copy; the problems file; each file
    that is not RDF/XML."""
    folder = tmp_path_factory.mktemp(f"owlcheck-{version}")
    saved, problems = folder / "saved.owl", folder / "problems.owl"
    problems.write_text(Graph().parse(data=PROBLEMS, format="turtle").serialize(format="xml"), encoding="utf-8")
    jobs = {"release": (RELEASE_OWL, "--save", saved, "--compare", saved), "problems": (problems,),
            **{name: (write_input(folder, f"{name}.owl", content),) for name, content in NOT_RDF_XML.items()}}
    return dict(zip(jobs, owlapi.get(version).jobs(*jobs.values()), strict=True))


def test_release_loads_with_the_axioms_and_annotations_of_the_graph(owlapi, version, runs, expected, review_content,
                                                                    release_graph):
    report = owlapi.get(version).loaded(runs["release"])
    assert report.values("format")[0].startswith("RDF/XML")
    assert report.number("logical-axioms") == expected.logical
    # Annotated: each statement of the review; and, with ROTO's curator evidence type, each
    # definition (skos:definition and IAO_0000115) and each mapping.
    definitions = [s for s in release_graph.subjects(SKOS.definition, None) if s != URIRef(ONTOLOGY_IRI)]
    curated = 2 * len(definitions) + len(read_mappings())
    assert report.number("annotated-axioms") == expected.annotated == len(review_content.statements) + curated
    assert report.tally("axiom-annotation") == dict(expected.axiom_annotations)
    assert report.values("unparsed") == []
    # Both versions read the header's dcterms annotations as ontology annotations (OWL API
    # 3.4.3 read them as annotation assertions while the header was an rdf:Description).
    assert report.number("axioms") == expected.axioms


def test_release_is_owl2_dl(owlapi, version, runs):
    violations = owlapi.get(version).loaded(runs["release"]).values("violation")
    assert violations == [], "\n".join(violations)


def test_protege_sees_named_declared_entities_without_punning(owlapi, version, runs):
    report = owlapi.get(version).loaded(runs["release"])
    assert report.number("entities") > 150
    assert report.values("punned") == []
    assert report.values("unlabelled") == []
    assert report.values("undeclared") == []
    assert report.values("version-iri") == [VERSION_IRI]
    assert report.number("imports") == 0  # so no catalog file is needed


def test_save_and_reload_keeps_every_axiom_annotation(owlapi, version, runs):
    """The release saved by the OWL API and loaded again by a fresh manager."""
    report = owlapi.get(version).loaded(runs["release"])
    assert report.values("missing-annotated") == [] and report.values("added-annotated") == []
    assert report.number("other-annotated-axioms") == report.number("annotated-axioms")
    assert report.number("other-logical-axioms") == report.number("logical-axioms")
    assert report.values("missing") + report.values("added") == []


@pytest.mark.parametrize("name", NOT_RDF_XML)
def test_a_file_that_is_not_rdf_xml_is_refused(version, runs, name):
    """Negative control: the loader fails loudly, so the tests above cannot pass vacuously."""
    result = runs[name]
    assert result.returncode == 2
    assert result.stderr.startswith("error ") and "axioms" not in result.stdout


PROBLEMS = """@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
<http://example.org/onto> a owl:Ontology .
ex:Both a owl:Class, owl:NamedIndividual ; rdfs:label "punned" .
ex:p a owl:ObjectProperty, owl:DatatypeProperty ; rdfs:label "object and data property" .
ex:Nameless a owl:Class .
ex:a a owl:NamedIndividual ; rdfs:label "a" ; ex:p ex:b .
"""


def test_the_checks_see_punning_missing_labels_and_dl_violations(owlapi, version, runs):
    """Positive control for the checks above: a small ontology with each problem."""
    report = owlapi.get(version).loaded(runs["problems"])
    assert any(line.startswith("http://example.org/Both ") for line in report.values("punned"))
    assert any(line.startswith("http://example.org/p ") for line in report.values("punned"))
    assert "Class http://example.org/Nameless" in report.values("unlabelled")
    assert any("http://example.org/b" in line for line in report.values("undeclared"))
    assert report.values("violation") != []
