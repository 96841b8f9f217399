"""`roto plot`: every figure as SVG and PNG, carrying every label, placing each model where
the review puts it, byte-identical across runs, and matplotlib kept out of other commands."""

from __future__ import annotations

import ast
import csv
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT
from roto.figures.registry import FIGURES

FIXTURES = Path(__file__).parent / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"
ROTO = "https://w3id.org/roto/"


def hand_written(name: str) -> list[list[str]]:
    with open(FIXTURES / name, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def groups(svg: bytes) -> dict[str, ET.Element]:
    """The SVG's elements by id (matplotlib writes an artist's gid as its group's id)."""
    return {e.get("id"): e for e in ET.fromstring(svg).iter() if e.get("id")}


def label(group: ET.Element) -> str:
    """The text of a label group, its wrapped lines joined again."""
    text = ""
    for line in (t.text or "" for t in group.iter(SVG + "text")):
        text += ("" if not text or text.endswith("/") else " ") + line
    return text


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def written(store, tmp_path_factory) -> Path:
    """A folder with each figure written once by `plot` as NAME.svg and NAME.png (read-only)."""
    from roto.figures import plot

    folder = tmp_path_factory.mktemp("figures")
    for name in FIGURES:
        for suffix in (".svg", ".png"):
            assert plot(name, folder / f"{name}{suffix}", store) == folder / f"{name}{suffix}"
    return folder


@pytest.fixture(scope="module")
def svgs(written):
    """Each figure's SVG, as `render(NAME, "svg", store)` gives it (`plot` writes those bytes)."""
    return {name: (written / f"{name}.svg").read_bytes() for name in FIGURES}


@pytest.fixture(scope="module")
def model_ids(review_content):
    return {e.label: local(e.iri) for e in review_content.entities.values() if e.kind == "model"}


@pytest.mark.parametrize("suffix, magic", [(".svg", b"<?xml"), (".png", b"\x89PNG\r\n\x1a\n")])
@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_is_written_as_svg_and_png(name, suffix, magic, written):
    path = written / f"{name}{suffix}"
    assert path.read_bytes().startswith(magic)
    if suffix == ".png":
        width, height = int.from_bytes(path.read_bytes()[16:20], "big"), int.from_bytes(path.read_bytes()[20:24], "big")
        assert width <= 7.2 * 300 and height < width * 1.2, "a journal figure: at most 7.2 inches wide at 300 dpi"


def test_roto_plot_writes_png_by_suffix(tmp_path, roto_runner):
    result = roto_runner.run(["plot", "dimensions", "-o", str(tmp_path / "figure.png")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "figure.png").read_bytes().startswith(b"\x89PNG")
    assert result.stdout.strip() == str(tmp_path / "figure.png")


def test_roto_plot_does_not_load_rdflib(tmp_path):
    """Drawing reads the built graph with pyoxigraph; rdflib's import time is not paid."""
    code = ("import sys; from roto.cli import main\n"
            "assert main(['plot', 'network', '-o', sys.argv[1]]) == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyshacl', 'owlready2')))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "n.svg")], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("table, fixture", [("resources", "table1.csv"), ("relationships", "table2.csv")])
def test_dot_matrix_has_every_label_and_the_reviews_cells(table, fixture, svgs, model_ids, review_content):
    rows = hand_written(fixture)
    found = groups(svgs[table])
    column_ids = {e.label: local(e.iri) for e in review_content.entities.values() if e.kind in ("resource", "relationship")}
    columns = rows[0][1:]
    assert [label(found[f"column-{column_ids[c]}"]) for c in columns] == columns
    for row in rows[1:]:
        model = model_ids[row[0]]
        assert label(found[f"model-{model}"]) == row[0]
        for column, cell in zip(columns, row[1:], strict=True):
            state = "yes" if cell == "Yes" else "blank"
            assert f"cell-{model}-{column_ids[column]}-{state}" in found, (row[0], column)


def test_network_has_every_label_and_one_edge_per_used_cell(svgs, model_ids, review_content):
    found = groups(svgs["network"])
    column_ids = {e.label: local(e.iri) for e in review_content.entities.values() if e.kind in ("resource", "relationship")}
    expected_edges = set()
    for fixture in ("table1.csv", "table2.csv"):
        rows = hand_written(fixture)
        for column in rows[0][1:]:
            assert label(found[f"column-{column_ids[column]}"]) == column
        for row in rows[1:]:
            assert label(found[f"model-{model_ids[row[0]]}"]) == row[0]
            expected_edges |= {f"edge-{model_ids[row[0]]}-{column_ids[c]}" for c, cell in zip(rows[0][1:], row[1:], strict=True) if cell == "Yes"}
    assert {gid for gid in found if gid.startswith("edge-")} == expected_edges


def box(path: ET.Element) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) around the points of an SVG path."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def position(text: ET.Element) -> tuple[float, float]:
    return float(text.get("x")), float(text.get("y"))


def test_dimensions_places_each_model_in_the_reviews_cell(svgs, review_content):
    """Where the label sits on the drawing, checked against the authored judgements."""
    found = groups(svgs["dimensions"])
    cell_of = {}
    for st in review_content.statements:
        if st.predicate == ROTO + "hasReciprocity":
            cell_of.setdefault(st.subject, {})["reciprocity"] = local(st.object)
        elif st.predicate == ROTO + "hasExpertiseLocus":
            cell_of.setdefault(st.subject, {})["expertise"] = local(st.object)
    assert len(cell_of) == 10
    cells = {gid: box(e.find(SVG + "path")) for gid, e in found.items() if gid.startswith("cell-")}
    assert len(cells) == 2 * 5
    for model, judged in cell_of.items():
        expected = f"cell-{judged['reciprocity']}-{judged.get('expertise', 'not-stated')}"
        x, y = position(found[f"model-{local(model)}"].find(SVG + "text"))
        inside = [gid for gid, (x0, y0, x1, y1) in cells.items() if x0 <= x <= x1 and y0 <= y <= y1]
        assert inside == [expected], local(model)
    not_stated = box(found["band-not-stated"].find(SVG + "path"))
    assert all(not_stated[1] <= b[1] for gid, b in cells.items() if gid.endswith("-not-stated"))


def test_dimensions_shows_the_reviews_nuance_and_names_the_review(svgs, review_content):
    found = groups(svgs["dimensions"])
    arrow = box(found["arrow-peer-support-workers"].find(SVG + "path"))
    reciprocal = box(found["cell-reciprocal-peers"].find(SVG + "path"))
    assert arrow[0] < reciprocal[2] < arrow[2], "the arrow reaches from its model into the reciprocal column"
    assert "leans towards reciprocity" in label(found["qualifier-reciprocity-leans-reciprocal-peer-support-workers"])
    arguable = found["qualifier-expertise-arguable-systemic-family-therapy"].find(SVG + "text")
    x0, y0, x1, y1 = box(found["cell-unidirectional-therapist"].find(SVG + "path"))
    assert "arguable" in arguable.text and x0 <= position(arguable)[0] <= x1 and y0 <= position(arguable)[1] <= y1
    caption = label(found["caption"])
    review = review_content.sources["review"]
    assert review.doi in caption and review.title in caption and review.authors in caption


@pytest.mark.parametrize("name", FIGURES)
def test_highlight_marks_one_model(name, store, svgs):
    from roto.figures import render

    model = ROTO + "model/open-dialogue"
    plain, marked = svgs[name], render(name, "svg", store, highlight=model)
    assert plain != marked
    found = groups(marked)
    assert 'font-weight: 700' in ET.tostring(found["model-open-dialogue"].find(SVG + "text"), encoding="unicode")


def test_roto_plot_highlights_a_model_named_loosely(tmp_path, roto_runner):
    result = roto_runner.run(["plot", "network", "--highlight", "peer support", "-o", str(tmp_path / "n.svg")], tmp_path)
    assert result.returncode == 0, result.stderr
    found = groups((tmp_path / "n.svg").read_bytes())
    assert "font-weight: 700" in ET.tostring(found["model-peer-support-workers"].find(SVG + "text"), encoding="unicode")
    wrong = roto_runner.run(["plot", "network", "--highlight", "s", "-o", str(tmp_path / "x.svg")], tmp_path)
    assert wrong.returncode == 2 and "ambiguous model 's'" in wrong.stderr and wrong.stderr.count("\n") == 1
    assert not (tmp_path / "x.svg").exists()


WRITE_ALL = "import sys; from roto.figures import plot\nfor name in sys.argv[2:]: plot(name, f'{sys.argv[1]}/{name}.svg')"


def test_two_runs_give_byte_identical_svg(tmp_path, svgs):
    """This process's SVGs and those of a child with a hash seed of its own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "random"}
    assert FIGURES
    done = subprocess.run([sys.executable, "-c", WRITE_ALL, str(tmp_path), *FIGURES], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in FIGURES:
        assert (tmp_path / f"{name}.svg").read_bytes() == svgs[name], name


def test_unknown_suffix_and_missing_matplotlib_are_one_line_errors(tmp_path, roto_runner):
    result = roto_runner.run(["plot", "dimensions", "-o", str(tmp_path / "figure.jpg")], tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and ".svg, .png, .pdf, .eps, .tif" in result.stderr
    assert not (tmp_path / "figure.jpg").exists()
    blocked = ("import sys; sys.modules['matplotlib'] = None\n"
               "from roto.cli import main; sys.exit(main(['plot', 'network', '-o', sys.argv[1]]))")
    done = subprocess.run([sys.executable, "-c", blocked, str(tmp_path / "n.svg")], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=300)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "pip install 'roto-ontology[plot]'" in done.stderr
    assert not (tmp_path / "n.svg").exists()


@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_reads_the_queries_its_entry_names(name, store, monkeypatch):
    """The registry's `queries` are what the drawing runs (so a reader can find the SPARQL
    behind a figure), and the title drawn is the registry's."""
    import roto.canned
    from roto.figures.output import draw

    read: list[str] = []
    parse = roto.canned.parse_query_file
    monkeypatch.setattr(roto.canned, "parse_query_file", lambda path, q: read.append(q) or parse(path, q))
    drawn = draw(name, store)
    assert set(read) == set(FIGURES[name].queries)
    assert [t.get_text() for t in drawn.axes[0].texts if t.get_gid() == "title"] == [FIGURES[name].title]


OTHER_COMMANDS = """
import sys, tempfile
from roto.cli import build_parser, main
commands = build_parser()._subparsers._group_actions[0].choices
out = tempfile.mkdtemp()
runs = {"table": [["table", "resources"], ["table", "relationships", "--format", "csv"]],
        "build": [["build", "-o", out + "/release"]],
        "models": [["models", "--relationship", "peers", "--reciprocity", "reciprocal"]],
        "evidence": [["evidence", "open dialogue", "decision"]],
        "query": [["query", "--list"], ["query", "models-by-resource", "-p", "resource=experiential"]],
        "sparql": [["sparql", "ASK { ?s ?p ?o }"]]}
ran = set()
for name in commands:
    for argv in runs.get(name, []):
        assert main(argv) == 0, argv
        ran.add(name)
print(sorted(ran))
print("matplotlib" in sys.modules)
"""


def test_only_roto_plot_imports_matplotlib():
    """Other commands' functions run without matplotlib, and only the drawing modules of
    roto.figures import it (never its registry, which commands and pages read).

    `roto serve` and `roto site` draw the figures their pages show, so they load it when a
    figure is requested or written (tests/test_figure_pages.py); `serve` and `publish` need
    a server, so here they are covered by the check on the source alone."""
    done = subprocess.run([sys.executable, "-c", OTHER_COMMANDS], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr
    ran, imported = done.stdout.splitlines()[-2:]
    assert ran == str(sorted(["table", "build", "models", "evidence", "query", "sparql"]))
    assert imported == "False"
    importers = set()
    for path in (ROOT / "src" / "roto").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] == "matplotlib" for n in names):
                importers.add(path.relative_to(ROOT / "src").as_posix())
    assert importers == {f"roto/figures/{m}.py" for m in ("canvas", "drawings", "output")}


def test_dimensions_shows_every_hedge_on_a_placement(svgs):
    """Each hedge the review puts on a reciprocity or expertise judgement is a note under its model."""
    found = groups(svgs["dimensions"])
    notes = {gid for gid in found if gid.startswith("qualifier-")}
    assert notes == {
        "qualifier-reciprocity-seen-as-befriending", "qualifier-reciprocity-leans-reciprocal-peer-support-workers",
        "qualifier-reciprocity-typical-self-help-groups", "qualifier-reciprocity-normative-therapeutic-communities",
        *(f"qualifier-expertise-seen-as-{m}" for m in ("client-centred-therapy", "open-dialogue", "positive-psychotherapy",
                                                        "solution-focused-therapy", "systemic-family-therapy",
                                                        "therapeutic-communities")),
        "qualifier-expertise-partial-peer-support-workers", "qualifier-expertise-partial-self-help-groups",
        "qualifier-expertise-arguable-systemic-family-therapy"}


@pytest.mark.parametrize("table, hedged", [
    ("resources", {("peer-support-workers", "experiential-knowledge"), ("positive-psychotherapy", "experiential-knowledge"),
                   ("self-help-groups", "experiential-knowledge"), ("self-help-groups", "recreational-activities"),
                   ("solution-focused-therapy", "individual-strengths"), ("therapeutic-communities", "experiential-knowledge")}),
    ("relationships", {("creative-music-therapy", "peers"), ("open-dialogue", "family"), ("peer-support-workers", "peers"),
                       ("positive-psychotherapy", "family"), ("self-help-groups", "peers"), ("solution-focused-therapy", "family")}),
])
def test_dot_matrix_and_network_mark_the_hedged_cells(table, hedged, svgs):
    """A Yes the review's text hedges (or states jointly) is starred in its dot matrix and dashed in the network."""
    found = groups(svgs[table])
    cells = {f"{m}-{c}" for m, c in hedged}
    assert {gid[len("hedge-"):] for gid in found if gid.startswith("hedge-")} == cells
    columns = {c for _, c in hedged} if table == "relationships" else {c for _, c in hedged} | {"social-relationships"}
    edges = {gid[len("edge-"):]: group for gid, group in groups(svgs["network"]).items()
             if gid.startswith("edge-") and any(gid.endswith(c) for c in columns)}
    assert edges.keys() >= cells
    for edge, group in edges.items():
        assert ("stroke-dasharray" in ET.tostring(group, encoding="unicode")) == (edge in cells), edge
