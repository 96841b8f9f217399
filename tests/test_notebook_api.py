"""The notebook API: `roto.open()` and the knowledge graph's methods, over the same library
functions the CLI uses, returning plain Python objects with `to_frame()`."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
RESEARCHER = FIXTURES / "researcher-model.toml"
SVG = "{http://www.w3.org/2000/svg}"


def python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


@pytest.fixture(scope="module")
def kg():
    import roto

    return roto.open()


@pytest.fixture(scope="module")
def extended():
    import roto

    return roto.open([RESEARCHER])


HEAVY = "{'rdflib', 'pyoxigraph', 'pyshacl', 'owlready2', 'matplotlib', 'pandas'}"


def test_import_roto_is_cheap_and_questions_need_no_rdflib():
    done = python(f"import sys, roto; print(sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY}))\n"
                  "kg = roto.open(); kg.models(relationship='peers'); kg.evidence('befriending'); kg.table('resources')\n"
                  "kg.query('models'); kg.sparql('ASK {?s ?p ?o}')\n"
                  f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY}))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "['pyoxigraph']"]


@pytest.mark.parametrize("name, fixture", [("resources", "table1.csv"), ("relationships", "table2.csv")])
def test_table_and_its_frame_equal_the_review(kg, name, fixture):
    with open(FIXTURES / fixture, newline="", encoding="utf-8") as handle:
        expected = list(csv.reader(handle))
    kinds = [[row[0], *(cell or "blank" for cell in row[1:])] for row in expected[1:]]
    table = kg.table(name)
    assert [[model, *cells] for model, cells in table.rows] == kinds
    assert [[re.sub(r" \[\d+\]$", "", c) for c in row] for row in table.records()] == expected[1:]
    frame = table.to_frame()
    assert list(frame.columns) == expected[0][1:]
    assert frame.loc["Open dialogue"].tolist() == next(r[1:] for r in kinds if r[0] == "Open dialogue")
    assert len(frame.attrs["notes"]) == 6, "six hedged or joint cells in each of the review's tables"


def test_query_binds_parameters_and_gives_plain_values(kg):
    rows = kg.query("review-table", property="roto:usesResource")
    assert len(rows) == 10 * 6
    assert all(type(v) is str for row in rows for k, v in row.items() if k != "cell")
    placed = kg.query("figure-dimensions")
    assert [r["modelPosition"] for r in placed] == list(range(1, 11)), "xsd:integer comes back as int"
    frame = placed.to_frame()
    assert frame.shape == (10, len(placed[0])) and frame["modelLabel"].iloc[0] == placed[0]["modelLabel"]


def test_query_rejects_unknown_names_and_parameters(kg):
    from roto.errors import RotoError

    with pytest.raises(RotoError, match="unknown query"):
        kg.query("no-such-query")
    with pytest.raises(RotoError, match="no parameter"):
        kg.query("review-table", colour="blue")


def test_sparql_select_ask_construct(kg):
    rows = kg.sparql("SELECT ?m ?label WHERE { ?m roto:hasReciprocity <https://w3id.org/roto/reciprocity/reciprocal> ;"
                     " rdfs:label ?label }")
    assert sorted(r["label"] for r in rows) == ["Befriending", "Open dialogue", "Self-help groups", "Therapeutic communities"]
    assert kg.sparql("ASK { ?m roto:hasExpertiseLocus ?e }") is True
    triples = kg.sparql("CONSTRUCT { ?m a roto:TherapeuticModel } WHERE { ?m a roto:TherapeuticModel }")
    assert len(triples) == 10 and set(triples[0]) == {"subject", "predicate", "object"}
    assert triples.to_frame().shape == (10, 3)


def test_malformed_sparql_is_a_one_line_error(kg):
    from roto.errors import RotoError

    with pytest.raises(RotoError, match="malformed SPARQL") as caught:
        kg.sparql("SELECT WHERE {")
    assert "\n" not in str(caught.value)


def test_open_with_a_researchers_file_adds_their_model(kg, extended):
    assert "Fixture college" not in [label for label, _ in kg.table("resources").rows]
    rows = dict(extended.table("resources").rows)
    assert len(rows) == 11
    # Cells the researcher stated (a Yes, a blank) and "unstated" where the file says nothing.
    assert rows["Fixture college"] == ["unstated", "blank", "Yes", "unstated", "unstated", "unstated"]
    cells = {r["columnLabel"]: r["cell"] for r in extended.query("review-table", property="roto:usesResource")
             if r["modelLabel"] == "Fixture college"}
    assert cells["Experiential knowledge"] == "Yes" and cells["Patient's decision-making ability"] == "blank"
    assert cells["Social relationships"] == "unstated"


def test_plot_draws_the_researchers_model_in_its_cell(extended, tmp_path):
    path = extended.plot("dimensions", tmp_path / "dimensions.svg")
    found = {e.get("id"): e for e in ET.parse(path).getroot().iter() if e.get("id")}
    text = found["model-fixture-college"].find(SVG + "text")
    x, y = float(text.get("x")), float(text.get("y"))
    d = found["cell-reciprocal-everyone"].find(SVG + "path").get("d").replace("M", " ").replace("L", " ").replace("z", " ")
    numbers = [float(n) for n in d.split()]
    assert min(numbers[0::2]) <= x <= max(numbers[0::2]) and min(numbers[1::2]) <= y <= max(numbers[1::2])
    assert "font-style: italic" in ET.tostring(text, encoding="unicode"), "a model from outside the review is set apart"
    assert "Notes on a model outside the review" in " ".join(t.text for t in found["caption"].iter(SVG + "text"))
    assert extended.plot("network", tmp_path / "network.png").read_bytes().startswith(b"\x89PNG")


def test_validate_checks_the_review_and_the_researchers_files(kg, extended, tmp_path):
    import roto

    assert kg.validate().conforms
    report = extended.validate()
    assert report.conforms and report, "the fixture's unstated cells are reported, not violations"
    assert {r.focus_name for r in report} == {"Fixture college"}
    assert {Path(r.file).resolve() for r in report} == {RESEARCHER.resolve()}
    assert set(report.to_frame()["severity"]) <= {"Warning", "Info"}
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://w3id.org/roto/model/open-dialogue> <https://w3id.org/roto/hasReciprocity> "
                      "<https://w3id.org/roto/expertise/patient> .\n", encoding="utf-8")
    failing = roto.open([broken]).validate()
    assert not failing.conforms and "does not conform" in repr(failing)
    assert any(r.severity == "Violation" and Path(r.file).resolve() == broken.resolve() for r in failing)


def test_open_reads_rdf_files_too(tmp_path):
    import roto

    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://w3id.org/roto/model/open-dialogue> <http://www.w3.org/2000/01/rdf-schema#comment> "
                     "\"a researcher's note\" .\n", encoding="utf-8")
    kg = roto.open([RESEARCHER, extra])
    rows = kg.sparql("SELECT ?g ?c WHERE { GRAPH ?g { model:open-dialogue rdfs:comment ?c } }")
    assert rows == [{"g": extra.resolve().as_uri(), "c": "a researcher's note"}]
    assert "Fixture college" in dict(kg.table("resources").rows)


def test_open_puts_each_rdf_file_in_its_own_graph_as_the_loader_reads_it(tmp_path):
    """RDF files go straight into the store (no rdflib): every statement of a file in the
    graph named by the file, its own named graphs merged, owl:imports dropped, blank nodes
    of two files kept apart, the review as the release holds it."""
    import pyoxigraph as ox

    import roto
    from roto.loader import parse_file

    trig = tmp_path / "extra.trig"
    trig.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    "<http://example.org/x> owl:imports <http://example.org/elsewhere> ; <http://example.org/p> _:b .\n"
                    "<http://example.org/g> { _:b <http://example.org/q> \"in a named graph\" . }\n", encoding="utf-8")
    ttl = tmp_path / "extra.ttl"
    ttl.write_text("_:b <http://example.org/q> \"another file's node\" .\n"
                   "<http://example.org/y> <http://www.w3.org/2002/07/owl#imports> <http://example.org/elsewhere> .\n",
                   encoding="utf-8")
    store = roto.open([trig, ttl]).store
    review = roto.open().store
    for path in (trig, ttl):
        graph = ox.NamedNode(path.resolve().as_uri())
        mine = list(store.quads_for_pattern(None, None, None, graph))
        assert len(mine) == len(parse_file(path)) == 2 - (path == ttl)
        assert not any(q.predicate.value.endswith("#imports") for q in mine)
    nodes = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode("http://example.org/q"), None)}
    assert len(nodes) == 2 and all(isinstance(n, ox.BlankNode) for n in nodes)
    assert len(store) == len(review) + 3
    assert set(store.named_graphs()) - set(review.named_graphs()) == {
        ox.NamedNode(trig.resolve().as_uri()), ox.NamedNode(ttl.resolve().as_uri())}


def test_open_reports_a_missing_or_broken_file(tmp_path):
    import roto
    from roto.errors import RotoError

    with pytest.raises(RotoError, match="no such file"):
        roto.open([tmp_path / "absent.toml"])
    broken = tmp_path / "broken.toml"
    broken.write_text("[models.x\n", encoding="utf-8")
    with pytest.raises(RotoError, match=r"broken.toml:1:10: invalid TOML: Expected '\]'"):
        roto.open(broken)


def test_to_frame_without_pandas_says_how_to_install_it():
    done = python("import sys; sys.modules['pandas'] = None\n"
                  "import roto\nkg = roto.open()\n"
                  "for result in (kg.table('resources'), kg.query('figure-dimensions')):\n"
                  "    try:\n        result.to_frame()\n    except ImportError as exc:\n        print(exc)\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["to_frame() needs pandas, which is not installed: pip install 'roto-ontology[pandas]'"] * 2


def test_plot_without_matplotlib_says_how_to_install_it(tmp_path):
    done = python("import sys; sys.modules['matplotlib'] = None\n"
                  f"import roto\ntry:\n    roto.open().plot('dimensions', {str(tmp_path / 'd.svg')!r})\n"
                  "except ImportError as exc:\n    print(exc)\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "kg.plot() needs matplotlib, which is not installed: pip install 'roto-ontology[plot]'"
    assert not (tmp_path / "d.svg").exists()


def test_open_inferred_answers_defined_class_membership(kg):
    """roto.open(inferred=True) loads the saved inferred graph: each defined class has as
    members exactly the models with the value that defines it; the plain graph has none."""
    import roto

    reasoned = roto.open(inferred=True)
    for cls, prop, value in (("ReciprocalModel", "hasReciprocity", "reciprocity/reciprocal"),
                             ("PeerExpertModel", "hasExpertiseLocus", "expertise/peers")):
        members = {r["m"] for r in reasoned.sparql(f"SELECT ?m WHERE {{ ?m a roto:{cls} }}")}
        stated = {r["m"] for r in kg.sparql(f"SELECT ?m WHERE {{ ?m roto:{prop} <https://w3id.org/roto/{value}> }}")}
        assert members == stated and len(stated) >= 2, cls
        assert kg.sparql(f"ASK {{ ?m a roto:{cls} }}") is False
    assert reasoned.models(reciprocity="reciprocal") == kg.models(reciprocity="reciprocal")
    assert "+ inferred" in repr(reasoned)


def test_open_inferred_needs_no_reasoner_at_query_time():
    done = python("import sys, roto\n"
                  "kg = roto.open(inferred=True)\n"
                  "print(len(kg.sparql('SELECT ?m WHERE { ?m a roto:SharedExpertiseModel }')))\n"
                  f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY}))")
    assert done.returncode == 0, done.stderr
    count, heavy = done.stdout.splitlines()
    assert int(count) > 0 and heavy == "['pyoxigraph']"


def test_open_inferred_with_files_is_refused():
    import roto
    from roto.errors import RotoError

    with pytest.raises(RotoError, match="knows nothing of your files"):
        roto.open([RESEARCHER], inferred=True)


def test_open_of_rdf_files_loads_no_rdflib(tmp_path):
    """Only TOML models are compiled (with rdflib terms): `roto.open` of RDF files imports
    neither rdflib nor the compiler."""
    ttl = tmp_path / "extra.ttl"
    ttl.write_text("<http://example.org/a> <http://example.org/b> \"c\" .\n", encoding="utf-8")
    code = "import sys, roto; kg = roto.open([sys.argv[1]]); print(len(kg.store) > 1000, 'rdflib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code, str(ttl)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, cwd=ROOT)
    assert result.stdout.split() == ["True", "False"], result.stderr


def test_an_added_models_table_frame_keeps_three_kinds_and_its_source(kg, extended):
    pytest.importorskip("pandas")
    frame = extended.table("resources").to_frame()
    assert list(frame.loc["Fixture college"]) == ["unstated", "blank", "Yes", "unstated", "unstated", "unstated"]
    assert frame.attrs["added"] == ["Fixture college"]
    assert frame.attrs["sources"]["Fixture college"] == "Notes on a model outside the review (test fixture)"
    assert frame.attrs["sources"]["Befriending"] == "the review"
    assert frame.attrs["caption"].startswith("Table 1 of the review, extended with 1 added model: ")
    review = kg.table("resources").to_frame()
    assert review.attrs["added"] == [] and review.attrs["caption"].startswith("Table 1: ")
    assert "unstated" not in review.to_numpy(), "every cell of the review is Yes or its blank"


def test_an_added_models_figure_and_page_keep_three_kinds_with_its_source(extended, tmp_path):
    path = extended.plot("resources", tmp_path / "resources.svg")
    found = {e.get("id"): e for e in ET.parse(path).getroot().iter() if e.get("id")}
    title = " ".join(t.text for t in found["title"].iter(SVG + "text"))
    assert "(Table 1 of the review, extended with 1 added model)" in title
    kinds = {i.rsplit("-", 1)[1] for i in found if i.startswith("cell-fixture-college-")}
    assert kinds == {"yes", "blank", "unstated"}

    from roto.web.catalogue import Catalogue
    from roto.web.pages import Pages

    pages = Pages(Catalogue(extended.store))
    tables = pages.render("tables.html")
    row = re.search(r'<tr class="added"><th>(.*?)</tr>', tables, re.DOTALL)[1]
    assert ">Fixture college</a> <span" in row and "(added)</span>" in row
    assert "Patient&#39;s decision-making ability: not explicitly utilised according to Notes on a model outside" in row
    assert row.count("not stated. Evidence") == 4 and "according to the review" not in row
    assert "<h2 id=\"resources\">Table 1 of the review, extended with 1 added model: " in tables
    assert tables.count('<tr class="added">') == 2, "one added row in each table"
    model = pages.render("model/fixture-college.html")
    assert "not explicitly utilised according to Notes on a model outside the review (test fixture)" in model
    assert "according to the review" not in model
    befriending = pages.render("model/befriending.html")
    assert "not explicitly utilised according to the review" in befriending
