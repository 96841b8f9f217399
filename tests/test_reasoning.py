"""`roto reason`: HermiT sorts the models into the review's groupings, finds clashes and
names them, and leaves the asserted graph alone. Tests that run HermiT need Java."""

import json
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from conftest import ROOT, canonical, require_executable, run_roto
from hermit_answers import real_hermit
from roto.namespaces import BASE, GRAPH

FIXTURES = ROOT / "tests" / "fixtures" / "reason"
ROTO = BASE
ALL_MODELS = {"therapeutic-communities", "systemic-family-therapy", "solution-focused-therapy", "self-help-groups",
              "positive-psychotherapy", "peer-support-workers", "open-dialogue", "creative-music-therapy",
              "client-centred-therapy", "befriending"}

# Written by hand from the review: the Results on reciprocity and expertise, the columns of
# Table 1 (resources) and of Table 2 (relationships).
EXPECTED = {
    "ReciprocalModel": {"befriending", "open-dialogue", "self-help-groups", "therapeutic-communities"},
    "UnidirectionalModel": {"client-centred-therapy", "systemic-family-therapy", "solution-focused-therapy",
                            "creative-music-therapy", "positive-psychotherapy", "peer-support-workers"},
    "PatientExpertModel": {"client-centred-therapy", "solution-focused-therapy", "positive-psychotherapy",
                           "open-dialogue"},
    "PeerExpertModel": {"self-help-groups", "peer-support-workers"},
    "SharedExpertiseModel": {"therapeutic-communities"},
    "TherapistExpertModel": {"systemic-family-therapy"},
    "SocialRelationshipsUsingModel": ALL_MODELS,
    "DecisionMakingUsingModel": {"client-centred-therapy", "creative-music-therapy", "open-dialogue",
                                 "solution-focused-therapy", "therapeutic-communities"},
    "ExperientialKnowledgeUsingModel": {"peer-support-workers", "positive-psychotherapy", "self-help-groups",
                                        "solution-focused-therapy", "therapeutic-communities"},
    "IndividualStrengthsUsingModel": {"creative-music-therapy", "positive-psychotherapy", "solution-focused-therapy"},
    "RecreationalActivitiesUsingModel": {"befriending", "creative-music-therapy", "self-help-groups"},
    "SelfActualisingTendenciesUsingModel": {"client-centred-therapy", "systemic-family-therapy"},
    "ProfessionalInvolvingModel": {"client-centred-therapy", "creative-music-therapy", "open-dialogue",
                                   "solution-focused-therapy", "therapeutic-communities"},
    "PeerInvolvingModel": {"creative-music-therapy", "peer-support-workers", "self-help-groups",
                           "therapeutic-communities"},
    "FriendInvolvingModel": {"befriending", "open-dialogue", "positive-psychotherapy"},
    "FamilyInvolvingModel": {"open-dialogue", "positive-psychotherapy", "solution-focused-therapy",
                             "systemic-family-therapy"},
}


def local(term) -> str:
    return str(term).rsplit("/", 1)[1]


def defined_classes(graph: Graph) -> set:
    return {c for c in graph.subjects(OWL.equivalentClass, None) if isinstance(c, URIRef)}


@pytest.fixture(scope="module")
def reasoned():
    """The review reasoned over by HermiT in Java now, whatever the test run kept (the saved
    inferred graph is checked against it)."""
    require_executable("java")
    from roto.loader import load
    from roto.reason.reasoning import reason

    extended = load()
    with real_hermit():
        return extended, reason(extended)


def clash_of(name):
    require_executable("java")
    from roto.loader import load
    from roto.reason.reasoning import reason

    return reason(load([FIXTURES / name]))


# ---------------------------------------------------------------- without Java

def test_each_grouping_is_a_defined_class_with_label_and_definition(review_dataset):
    ontology = review_dataset.graph(URIRef(GRAPH["ontology"]))
    classes = defined_classes(ontology)
    assert {local(c) for c in classes} == set(EXPECTED)
    for c in classes:
        assert ontology.value(c, RDFS.label).language == "en", c
        assert ontology.value(c, SKOS.definition).language == "en", c


def test_models_are_asserted_only_as_therapeutic_models(review_dataset):
    assertions = review_dataset.graph(URIRef(GRAPH["assertions"]))
    models = set(assertions.subjects(RDF.type, URIRef(ROTO + "TherapeuticModel")))
    assert len(models) == 10
    for model in models:
        assert set(assertions.objects(model, RDF.type)) == {URIRef(ROTO + "TherapeuticModel"), OWL.NamedIndividual}


def test_saved_inferred_graph_comes_from_the_current_release():
    from roto.store import inferred_dataset, open_store

    inferred_dataset()  # raises when roto.nq changed since `roto reason --save`
    store = open_store(inferred=True)
    rows = store.query(f"SELECT ?m WHERE {{ GRAPH <{GRAPH['inferred']}> {{ ?m a <{ROTO}ReciprocalModel> }} }}")
    assert {local(r["m"].value) for r in rows} == EXPECTED["ReciprocalModel"]


def test_query_and_sparql_with_inferred_see_the_groupings(roto_cli):
    result = roto_cli("query", "groupings", "--inferred", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = {}
    for row in json.loads(result.stdout)["results"]["bindings"]:
        found.setdefault(local(row["grouping"]["value"]), set()).add(local(row["model"]["value"]))
    assert found == EXPECTED
    ask = f"ASK {{ GRAPH <{GRAPH['inferred']}> {{ <{ROTO}model/open-dialogue> a <{ROTO}PatientExpertModel> }} }}"
    assert roto_cli("sparql", "--inferred", ask).returncode == 0
    assert roto_cli("sparql", ask).returncode == 1  # not asserted: only the reasoner says so
    mixed = roto_cli("sparql", "--inferred", "--data", "release/roto.nt", ask)
    assert mixed.returncode == 2 and "cannot be combined with --data" in mixed.stderr


def test_a_stale_inferred_graph_is_refused(tmp_path, monkeypatch):
    import shutil

    import roto.store
    from roto.errors import RotoError

    for name in (roto.store.DATASET_FILE, roto.store.INFERRED_FILE):
        shutil.copy(ROOT / "release" / name, tmp_path / name)
    monkeypatch.setattr(roto.store, "asset_dir", lambda name: tmp_path)
    assert roto.store.inferred_dataset() == tmp_path / roto.store.INFERRED_FILE
    with open(tmp_path / roto.store.DATASET_FILE, "a", encoding="utf-8") as handle:
        handle.write(f"<{ROTO}x> <{ROTO}y> <{ROTO}z> <{GRAPH['assertions']}> .\n")
    with pytest.raises(RotoError, match=r"stale.*roto reason --save"):
        roto.store.inferred_dataset()


@pytest.mark.parametrize("args, message", [
    (["no-such-file.ttl"], "no such file"),
    (["tests/fixtures/table1.csv"], "unknown file extension '.csv'"),
    (["tests/fixtures/reason/malformed.ttl"], "malformed.ttl:3:"),
    (["--save", "tests/fixtures/reason/recovery-colleges.toml"], "--save"),
], ids=["missing", "unknown-suffix", "malformed-turtle", "save-with-data"])
def test_bad_input_is_one_line_and_exit_2(args, message, roto_cli):
    result = roto_cli("reason", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_bad_toml_extension_is_one_line_and_exit_2(tmp_path, roto_cli):
    bad = tmp_path / "bad.toml"
    bad.write_text("[models.x]\nlabel = 'X'\n", encoding="utf-8")
    result = roto_cli("reason", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith(f"roto: error: {bad}") and result.stderr.count("\n") == 1


def test_missing_java_is_one_line_and_exit_2(tmp_path):
    result = run_roto("reason", env={"PATH": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr == "roto: error: `roto reason` needs Java 11 or newer on the PATH to run HermiT\n"


def test_only_roto_reason_loads_owlready2():
    code = ("import sys, contextlib, io\nfrom roto.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['table', 'resources'])\n"
            "import roto.cli.reason, roto.store\n"
            "print('owlready2' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "src")}, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr


# ---------------------------------------------------------------- with HermiT

def test_the_review_is_consistent(reasoned):
    _, result = reasoned
    assert result.consistent and result.clash == [] and result.unsatisfiable == []
    assert {local(m) for m in result.models} == ALL_MODELS


@pytest.mark.parametrize("cls", sorted(EXPECTED))
def test_defined_class_has_exactly_the_models_the_review_implies(reasoned, cls):
    _, result = reasoned
    members = {local(m) for m in result.inferred.subjects(RDF.type, URIRef(ROTO + cls))}
    assert members == EXPECTED[cls]


def test_each_models_inferred_classes_are_its_groupings(reasoned):
    _, result = reasoned
    assert len(result.models) == 10
    for model, classes in result.models.items():
        expected = {cls for cls, members in EXPECTED.items() if local(model) in members}
        assert {local(c) for c in classes} == expected, model


def test_inferred_triples_are_new_and_in_their_own_graph(reasoned):
    extended, result = reasoned
    assert str(result.inferred.identifier) == GRAPH["inferred"]
    assert not any(triple in extended.dataset for triple in result.inferred)
    # entailments beyond the groupings: every reference is a publication
    assert (URIRef(ROTO + "reference/24"), RDF.type, URIRef(ROTO + "Publication")) in result.inferred
    combined = result.dataset(extended)
    names = {g.identifier for g in extended.dataset.graphs() if len(g)}
    assert URIRef(GRAPH["assertions"]) in names
    assert {g.identifier for g in combined.graphs() if len(g)} == names | {URIRef(GRAPH["inferred"])}
    for name in names:
        assert set(combined.graph(name)) == set(extended.dataset.graph(name))
    assert set(combined.graph(URIRef(GRAPH["inferred"]))) == set(result.inferred)


def test_saved_inferred_graph_is_what_hermit_infers_now(reasoned):
    from roto.reason.reasoning import inferred_nquads
    from roto.store import built_dataset

    _, result = reasoned
    saved = ROOT / "release" / "roto-inferred.nq"
    assert set(Dataset().parse(saved, format="nquads").graph(URIRef(GRAPH["inferred"]))) == set(result.inferred)
    assert inferred_nquads(result, built_dataset()) == saved.read_bytes(), "run `roto reason --save`"


def test_blank_cell_contradicted_is_found_and_explained_without_touching_the_graph():
    require_executable("java")
    import owlready2

    from roto.loader import load
    from roto.reason.reasoning import reason

    extended = load([FIXTURES / "uses-blank-resource.ttl"])
    before = set(extended.dataset.quads((None, None, None, None)))
    before_rdf = {name: set(g) for name, g in extended.rdf.items()}
    ontologies = set(owlready2.default_world.ontologies)
    result = reason(extended)
    assert set(extended.dataset.quads((None, None, None, None))) == before
    assert {name: set(g) for name, g in extended.rdf.items()} == before_rdf
    assert set(owlready2.default_world.ontologies) == ontologies

    assert not result.consistent
    by_origin = {u.origin: u for u in result.clash}
    assert set(by_origin) == {str(FIXTURES / "uses-blank-resource.ttl"), "review"}
    review = by_origin["review"]
    assert review.statement_id == "befriending/resource/decision-making"
    assert review.text == "Befriending does not explicitly use resource Patient's decision-making ability"
    assert review.where == ("Table 1 (resources explicitly utilised)",)
    assert by_origin[str(FIXTURES / "uses-blank-resource.ttl")].text == \
        "Befriending explicitly uses resource Patient's decision-making ability"


def test_second_value_of_a_functional_property_is_found_and_explained():
    result = clash_of("second-reciprocity.ttl")
    assert not result.consistent
    assert [(u.statement_id, u.text) for u in result.clash] == [
        (None, "Befriending has reciprocity unidirectional"),
        ("befriending/reciprocity", "Befriending has reciprocity reciprocal"),
    ]


def test_a_thing_of_the_wrong_kind_is_found_with_the_review_statement_of_its_kind():
    result = clash_of("wrong-kind.ttl")
    assert [(u.origin, u.text, u.where) for u in result.clash] == [
        (str(FIXTURES / "wrong-kind.ttl"), "Befriending is a resource type", ()),
        ("review", "Befriending is a therapeutic model", ("Results: Befriending",)),
    ]


def test_a_researchers_files_that_contradict_each_other_are_named_by_file():
    require_executable("java")
    from roto.loader import load
    from roto.reason.reasoning import reason

    toml, turtle = FIXTURES / "recovery-colleges.toml", FIXTURES / "recovery-colleges-friends.ttl"
    result = reason(load([toml, turtle]))
    assert not result.consistent
    assert {(u.origin, u.statement_id, u.text) for u in result.clash} == {
        (str(toml), "recovery-colleges/relationship/friends", "Recovery colleges does not explicitly use relationship Friends"),
        (str(turtle), None, "Recovery colleges explicitly uses relationship Friends"),
    }
    assert result.runs <= 5  # the claim-for-claim stage finds it


def test_cli_reports_a_table_2_clash_from_rdfxml_and_exits_1(roto_cli):
    require_executable("java")
    result = roto_cli("reason", "tests/fixtures/reason/uses-blank-relationship.rdf", "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["consistent"] is False
    assert {(c["origin"], c["statement_id"]) for c in report["clash"]} == {
        ("tests/fixtures/reason/uses-blank-relationship.rdf", None),
        ("review", "peer-support-workers/relationship/family")}
    assert "Peer support workers does not explicitly use relationship Family" in {c["text"] for c in report["clash"]}


def test_a_researchers_model_is_sorted_and_queryable_with_the_review(tmp_path, roto_cli):
    require_executable("java")
    out = tmp_path / "mine.trig"
    reasoned = roto_cli("reason", "tests/fixtures/reason/recovery-colleges.toml", "--format", "trig", "-o", str(out))
    assert reasoned.returncode == 0, reasoned.stderr
    answer = roto_cli("sparql", "--data", str(out), "--format", "json",
                  f"SELECT ?c WHERE {{ GRAPH <{GRAPH['inferred']}> {{ <{ROTO}model/recovery-colleges> a ?c }} }}")
    assert answer.returncode == 0, answer.stderr
    found = {local(b["c"]["value"]) for b in json.loads(answer.stdout)["results"]["bindings"]}
    assert found == {"ReciprocalModel", "PeerInvolvingModel", "ExperientialKnowledgeUsingModel"}
    count = roto_cli("sparql", "--data", str(out), f"ASK {{ GRAPH <{GRAPH['assertions']}> {{ <{ROTO}model/befriending> ?p ?o }} }}")
    assert count.returncode == 0  # the review's graphs come along


def test_cli_text_and_turtle_output(reasoned, tmp_path, capsys):
    """`roto reason` in this process, HermiT's answer the one `reasoned` got (tests/hermit_answers.py):
    the tests above run it as a process of its own."""
    from roto.cli import main

    _, result = reasoned
    assert main(["reason"]) == 0
    text = capsys.readouterr()
    assert text.out.startswith("Consistent: yes") and text.err == ""
    assert "  Befriending: friend-involving model; model explicitly using recreational activities" in text.out
    out = tmp_path / "inferred.ttl"
    assert main(["reason", "--format", "turtle", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert canonical(Graph().parse(out, format="turtle")) == canonical(result.inferred)


def test_reasoning_part_by_part_concludes_what_the_whole_graph_does(tmp_path):
    """The review plus generated models (benchmarks/generate.py), reasoned over in parts of
    three models and all at once: the same consistency, inferred graph and model classes."""
    require_executable("java")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate
    from roto.loader import load
    from roto.reason.partitions import partitions
    from roto.reason.reasoning import reason

    extended = load(generate(4, tmp_path / "models"))
    ntriples = extended.graph().serialize(format="nt", encoding="utf-8")
    assert len(partitions(ntriples, 7)) == 2  # 14 models
    whole, parts = reason(extended, models_per_run=100), reason(extended, models_per_run=7)
    assert whole.consistent and parts.consistent and (whole.runs, parts.runs) == (1, 2)
    assert canonical(whole.inferred) == canonical(parts.inferred) and len(whole.inferred) > 100
    assert whole.models == parts.models and len(whole.models) == 14


TWO_MODELS_LINKED = "<https://w3id.org/roto/model/befriending> <https://example.org/inspires> <https://w3id.org/roto/model/open-dialogue> ."
WRONG_RANGE = "<https://w3id.org/roto/model/befriending> <https://w3id.org/roto/usesResource> <https://w3id.org/roto/relationship/friends> ."
INVERSE = ("<https://example.org/inspiredBy> <http://www.w3.org/2002/07/owl#inverseOf> <https://w3id.org/roto/usesResource> .\n"
           "<https://example.org/p> <https://example.org/inspiredBy> <https://w3id.org/roto/model/befriending> .")


@pytest.mark.parametrize("extension, parted", [
    (None, True),
    (FIXTURES / "recovery-colleges-friends.ttl", True),  # a new model, its own statements
    (FIXTURES / "wrong-kind.ttl", True),  # a model is also a resource type: a clash within one model
    (WRONG_RANGE, False),  # a relationship type as a resource: the range would add to a shared value
    (FIXTURES / "uses-blank-resource.ttl", True),  # a clash within one model: found in its part
    (FIXTURES / "second-reciprocity.ttl", False),  # two values of a functional property: a merge
    (TWO_MODELS_LINKED, False),  # a statement links two models
    (INVERSE, False),  # owl:inverseOf carries facts back along a link
])
def test_parts_only_where_they_give_the_whole_graphs_conclusions(extension, parted, tmp_path):
    """`partitions` splits the review only when the conditions of roto/reason/partitions.py hold
    (checked without Java); otherwise the whole graph is reasoned over at once."""
    from roto.loader import load
    from roto.reason.partitions import partitions

    if isinstance(extension, str):
        path = tmp_path / "extension.nt"
        path.write_text(extension + "\n", encoding="utf-8")
        extension = path
    extended = load([extension] if extension else [])
    parts = partitions(extended.graph().serialize(format="nt", encoding="utf-8"), 3)
    assert (parts is not None) == parted
    if parted:
        assert len(parts) >= 4 and all(b"<https://w3id.org/roto/TherapeuticModel>" in part for part in parts)


def test_a_java_heap_too_small_is_one_line(tmp_path, roto_cli):
    """--java-memory caps each HermiT run's heap; running out is one line and exit 2."""
    require_executable("java")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    result = roto_cli("reason", "--java-memory", "8", *map(str, generate(20, tmp_path / "models")))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["roto: error: HermiT ran out of memory: Java may use 8 MB (--java-memory); give it "
                                          "more, or reason over fewer models at a time (--models-per-run, when the graph "
                                          "can be split)"]
    assert "at least 8" in roto_cli("reason", "--java-memory", "7").stderr


def test_java_gets_the_quick_compiler_on_small_inputs_only():
    from roto.reason.hermit import QUICK_COMPILER, QUICK_COMPILER_BELOW, java_options

    assert java_options(3_000_000, 2000) == ["-Xmx2000M", QUICK_COMPILER]
    assert java_options(QUICK_COMPILER_BELOW, 2000) == ["-Xmx2000M"]


def test_the_test_runs_hermit_answers_repeat_no_java_run(monkeypatch):
    """tests/hermit_answers.py: an input HermiT answered once in this test run is answered again
    without Java; inside `real_hermit()`, Java runs again and gives the same answer."""
    require_executable("java")
    from roto.reason import hermit

    small = b"<https://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .\n"
    first = hermit.Hermit().run(small)
    java_runs = []
    real_run = subprocess.run

    def counted(*args, **kwargs):
        java_runs.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(hermit.subprocess, "run", counted)
    assert hermit.Hermit().run(small) == first and java_runs == []
    with real_hermit():
        assert hermit.Hermit().run(small) == first
    assert len(java_runs) == 1 and java_runs[0][0] == "java"
