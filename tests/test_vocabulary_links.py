"""Links to other vocabularies, typed evidence and OBO-friendliness: the SSSOM mapping set
is valid and links only to published terms; the mappings sit in their own graph, in VoID
and on the entity pages; every axiom has one ECO evidence type; OBO tools (pronto, oaklib)
read every label and definition; an OWL 2 RL reasoner (owlrl) sees a second reciprocity."""

from __future__ import annotations

import csv
import importlib.util
import itertools
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from conftest import ROOT, require
from roto.evidence_types import (
    AXIOM_HAS_EVIDENCE,
    CURATOR_INFERENCE,
    IAO_DEFINITION,
    NON_TRACEABLE_AUTHOR_STATEMENT,
    TRACEABLE_AUTHOR_STATEMENT,
)
from roto.mappings import read_mappings
from roto.namespaces import BASE, GRAPH, ONTOLOGY_IRI, iri

SSSOM = ROOT / "mappings" / "roto.sssom.tsv"
RELEASE_OWL = ROOT / "release" / "roto.owl"
FIXTURES = ROOT / "tests" / "fixtures" / "reason"
OBO = "http://purl.obolibrary.org/obo/"
MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


def external_dir() -> Path:
    """shared/external (the published term lists), beside the checkout or its worktree folder."""
    found = [p / "shared" / "external" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "external").is_dir()]
    require(bool(found), "shared/external (the published term lists) is not beside this checkout")
    return found[0]


@pytest.fixture(scope="module")
def release_graph():
    return Graph().parse(RELEASE_OWL, format="xml")


# ---------------------------------------------------------------- the mapping set

def sssom_validate(path: Path):
    """sssom-py's `sssom validate PATH`, run through its own command line in this process
    (one import of sssom and linkml for both tests, not one per run)."""
    require(importlib.util.find_spec("sssom") is not None, "sssom-py is not installed")
    from click.testing import CliRunner
    from sssom.cli import main

    return CliRunner().invoke(main, ["validate", str(path)])


def test_sssom_validate_passes():
    result = sssom_validate(SSSOM)
    assert result.exit_code == 0, (result.output[-2000:], result.exception)


def test_sssom_validate_rejects_a_row_without_a_known_justification(tmp_path):
    """Negative control: the validator does look at the rows."""
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(SSSOM.read_text(encoding="utf-8").replace("semapv:ManualMappingCuration", "semapv:Guesswork", 1))
    result = sssom_validate(bad)
    assert result.exit_code != 0
    assert "validation error" in str(result.exception)


def test_every_row_is_manual_curation_with_author_comment_and_a_skos_predicate():
    with open(SSSOM, encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    assert rows
    for row in rows:
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        assert row["author_label"] and len(row["comment"]) > 40
        assert row["predicate_id"] in {f"skos:{m}" for m in MATCHES}


def test_every_mapped_object_was_published_with_that_label():
    """BCIO and MAxO terms must be rows of the term lists read from their releases (same
    label); SEPIO, IAO, CiTO and schema.org terms must be among those the README of those
    lists names as verified."""
    folder = external_dir()
    published: dict[str, str] = {}
    for name in ("bcio-terms.tsv", "eco-terms.tsv", "maxo-terms.tsv"):
        with open(folder / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                key = row.get("iri") or OBO + row["id"].replace(":", "_")
                published[key] = row["label"]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    mappings = read_mappings()
    assert mappings
    for m in mappings:
        if m.object in published:
            assert published[m.object] == m.object_label, m
        else:
            local = m.object.rsplit("/", 1)[-1]
            assert m.object.startswith((OBO + "SEPIO_", OBO + "IAO_", "http://purl.org/spar/cito/", "https://schema.org/")), m
            assert local in readme, f"{m.object} is not among the verified terms of {folder / 'README.md'}"


def test_every_mapped_subject_is_a_roto_term(review_dataset):
    known = {s for s in review_dataset.graph(URIRef(GRAPH["ontology"])).subjects() if isinstance(s, URIRef)}
    known |= set(review_dataset.graph(URIRef(GRAPH["assertions"])).subjects(RDF.type, OWL.NamedIndividual))
    assert {URIRef(m.subject) for m in read_mappings()} <= known


# ---------------------------------------------------------------- in the graph

def test_mappings_are_skos_triples_with_evidence_in_their_own_graph(review_dataset):
    mappings = review_dataset.graph(URIRef(GRAPH["mappings"]))
    links = {(s, p, o) for s, p, o in mappings if isinstance(s, URIRef)}
    expected = {(URIRef(m.subject), SKOS[m.predicate.split(":")[1]], URIRef(m.object)) for m in read_mappings()}
    assert links == expected
    for s, p, o in links:
        (axiom,) = (set(mappings.subjects(OWL.annotatedTarget, o)) & set(mappings.subjects(OWL.annotatedSource, s))
                    & set(mappings.subjects(OWL.annotatedProperty, p)))
        assert mappings.value(axiom, AXIOM_HAS_EVIDENCE) == CURATOR_INFERENCE
        assert mappings.value(axiom, RDFS.comment)
    for name in ("ontology", "assertions", "provenance", "references"):
        assert not any(review_dataset.graph(URIRef(GRAPH[name])).triples((None, SKOS.relatedMatch, None)))


def test_void_describes_the_mappings_as_linksets(store):
    from roto.web.descriptions import void_triples

    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in void_triples(store, 1, None)}
    void = "http://rdfs.org/ns/void#"
    linksets = {s for s, p, o in triples if p == str(RDF.type) and o == void + "Linkset"}
    targets = {o for s, p, o in triples if s in linksets and p == void + "objectsTarget"}
    assert targets == {"http://humanbehaviourchange.org/ontology/BCIO_", OBO + "IAO_", OBO + "MAXO_", OBO + "SEPIO_",
                       "http://purl.org/spar/cito/", "https://schema.org/"}
    assert {(GRAPH["mappings"], void + "subset", s) for s in linksets} <= triples
    counts = sum(int(o) for s, p, o in triples if s in linksets and p == void + "triples")
    assert counts == len(read_mappings())


def test_entity_pages_link_out(store):
    from roto.web.catalogue import Catalogue
    from roto.web.pages import Pages

    pages = Pages(Catalogue(store))
    peers = pages.render("relationship/peers.html")
    assert 'href="http://humanbehaviourchange.org/ontology/BCIO_010104"' in peers and "relatedMatch" in peers
    model = pages.render("model/client-centred-therapy.html")
    assert 'href="https://schema.org/PsychologicalTreatment"' in model and "broadMatch" in model
    assert "Elsewhere" not in pages.render("model/befriending.html")


# ---------------------------------------------------------------- typed evidence

def test_every_axiom_has_the_evidence_type_of_what_it_states(review_dataset, review_content):
    union = Graph()
    for context in review_dataset.graphs():
        union += context
    nodes = set(union.subjects(RDF.type, OWL.Axiom)) | set(union.subjects(RDF.type, OWL.NegativePropertyAssertion))
    by_id = {st.id: st for st in review_content.statements}
    kinds = {"statement": 0, "curated": 0}
    for node in nodes:
        (evidence,) = union.objects(node, AXIOM_HAS_EVIDENCE)
        statement_id = union.value(node, URIRef(BASE + "statementId"))
        if statement_id is not None:
            cites = by_id[str(statement_id)].cites
            assert evidence == (TRACEABLE_AUTHOR_STATEMENT if cites else NON_TRACEABLE_AUTHOR_STATEMENT)
            kinds["statement"] += 1
        else:
            prop = union.value(node, OWL.annotatedProperty)
            assert prop in (SKOS.definition, IAO_DEFINITION) or prop in {SKOS[m] for m in MATCHES}
            assert evidence == CURATOR_INFERENCE
            kinds["curated"] += 1
    assert kinds["statement"] == len(review_content.statements)
    definitions = [s for s in union.subjects(SKOS.definition, None) if s != URIRef(ONTOLOGY_IRI)]
    assert kinds["curated"] == 2 * len(definitions) + len(read_mappings())


# ---------------------------------------------------------------- OBO-friendly

def test_labels_are_unique_ignoring_case(release_graph):
    seen: dict[str, set] = {}
    for subject, label in release_graph.subject_objects(RDFS.label):
        seen.setdefault(str(label).casefold(), set()).add(subject)
    clashes = {label: subjects for label, subjects in seen.items() if len(subjects) > 1}
    assert clashes == {}
    assert str(release_graph.value(URIRef(iri("expertise", "peers")), RDFS.label)) == "peers (experiential expertise)"


def test_every_definition_is_also_an_iao_definition(release_graph):
    definitions = {(s, o) for s, o in release_graph.subject_objects(SKOS.definition) if s != URIRef(ONTOLOGY_IRI)}
    assert definitions and definitions == set(release_graph.subject_objects(IAO_DEFINITION))


def obo_entities(graph: Graph) -> dict[str, tuple[str, str]]:
    """IRI -> (label, definition) of the classes and object properties OBO tools list as terms."""
    kinds = set(graph.subjects(RDF.type, OWL.Class)) | set(graph.subjects(RDF.type, OWL.ObjectProperty))
    return {str(e): (str(graph.value(e, RDFS.label)), str(graph.value(e, IAO_DEFINITION)))
            for e in kinds if isinstance(e, URIRef)}


def test_pronto_reads_every_label_and_definition(release_graph):
    require(importlib.util.find_spec("pronto") is not None, "pronto is not installed")
    import warnings

    import pronto

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ontology = pronto.Ontology(str(RELEASE_OWL))
    seen = {t.id: (t.name, str(t.definition)) for t in itertools.chain(ontology.terms(), ontology.relationships())}
    assert seen == obo_entities(release_graph)
    assert ontology.metadata.ontology == ONTOLOGY_IRI and ontology.metadata.default_namespace == "roto"


def test_oaklib_reads_every_label_and_definition(release_graph):
    require(importlib.util.find_spec("oaklib") is not None, "oaklib is not installed")
    import warnings

    from oaklib import get_adapter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        adapter = get_adapter(f"pronto:{RELEASE_OWL}")
        seen = {e: (adapter.label(e), adapter.definition(e)) for e in adapter.entities()}
    assert seen == obo_entities(release_graph)


# ---------------------------------------------------------------- OWL 2 RL

def owlrl_graph(source: Graph) -> Graph:
    """A copy for owlrl to close, in rdflib's store without contexts: the same triples, and
    owlrl's closure takes a fifth less time than in the default store, which tracks contexts."""
    graph = Graph(store="SimpleMemory")
    graph += source
    return graph


def owlrl_errors(graph: Graph) -> list[str]:
    import owlrl
    from owlrl.Namespaces import ERRNS

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return sorted(str(o) for o in graph.objects(None, ERRNS.error))


@pytest.fixture(scope="module")
def release_union(review_dataset):
    """The OWL document's graph, from the session's compiled review (union_graph only reads it)."""
    from roto.build.release import union_graph

    return union_graph(review_dataset)


def test_dimension_values_are_pairwise_different(release_union):
    for kind, values in (("reciprocity", ("reciprocal", "unidirectional")),
                         ("expertise", ("patient", "peers", "everyone", "therapist"))):
        for a, b in itertools.combinations(values, 2):
            pair = (URIRef(iri(kind, a)), OWL.differentFrom, URIRef(iri(kind, b)))
            assert pair in release_union or (pair[2], OWL.differentFrom, pair[0]) in release_union


def test_owlrl_finds_no_clash_in_the_review(release_union):
    assert owlrl_errors(owlrl_graph(release_union)) == []


def test_owlrl_finds_a_second_value_of_each_single_valued_dimension(release_union):
    """Two clashes, each on its own model, in one closure: each is found by its own values."""
    graph = owlrl_graph(release_union)
    graph.parse(FIXTURES / "second-reciprocity.ttl", format="turtle")
    graph.parse(data=f"<{iri('model', 'self-help-groups')}> <{BASE}hasExpertiseLocus> <{iri('expertise', 'therapist')}> .",
                format="turtle")
    errors = owlrl_errors(graph)
    for clashing in (("reciprocity/reciprocal", "reciprocity/unidirectional"), ("expertise/peers", "expertise/therapist")):
        a, b = (BASE + value for value in clashing)
        assert any(a in e and b in e and "differentFrom" in e for e in errors), (clashing, errors)
