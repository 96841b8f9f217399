"""`roto table` for manuscripts: each export opened with a reader ROTO does not use
(chktex and a tabular parser, html.parser, python-docx, openpyxl) and compared cell by
cell with `roto table --format json`, the three kinds of cell kept apart."""

import csv
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import assert_refused, require_executable

TABLES = ("resources", "relationships")
# `roto table --format json` writes "Yes", and "" or (where blank and unstated are told apart) "blank"/"unstated".
JSON_KINDS = {"Yes": {"used"}, "blank": {"blank"}, "unstated": {"unstated"}, "": {"blank", "unstated"}}
SHOWN = {"Yes": "used", "\u2013": "blank", "--": "blank", "n.s.": "unstated"}
ROW_KEYS = ("model", "notes", "source", "source_title", "added")  # a JSON row's keys that are not columns


@pytest.fixture(scope="module")
def json_tables(roto_cli) -> dict[str, list[dict]]:
    """The reference every export is compared with (read-only), asked once per table."""
    found = {}
    for name in TABLES:
        result = roto_cli("table", name, "--format", "json")
        assert result.returncode == 0, result.stderr
        found[name] = json.loads(result.stdout)
    return found


@pytest.fixture(scope="module")
def export(roto_runner):
    """`export(folder, NAME, SUFFIX)`: `roto table NAME -o FOLDER/NAMESUFFIX`, run through one
    child process for the module (conftest's `roto_runner`); gives the file's path."""
    def written(folder: Path, name: str, suffix: str) -> Path:
        out = folder / f"{name}{suffix}"
        result = roto_runner.run(["table", name, "-o", str(out)], folder)
        assert result.returncode == 0, result.stderr
        return out

    return written


def assert_same_cells(grid: list[list[str]], expected: list[dict]) -> None:
    """`grid`: the header row then one row per model, cells as shown (with any note mark removed);
    `expected`: the table's `roto table --format json` records."""
    header, *rows = grid
    columns = [k for k in expected[0] if k not in ROW_KEYS]
    assert header[1:] == columns
    assert [r[0] for r in rows] == [e["model"] for e in expected]
    for row, want in zip(rows, expected, strict=True):
        for column, shown in zip(columns, row[1:], strict=True):
            assert SHOWN[shown] in JSON_KINDS[want[column]], (want["model"], column, shown, want[column])


def unmark(cell: str) -> str:
    return re.sub(r"\s*\[?\d+\]?$", "", cell.strip())


@pytest.mark.parametrize("name", TABLES)
def test_latex_passes_chktex_and_its_tabular_holds_the_cells(tmp_path, export, json_tables, name):
    chktex = require_executable("chktex")
    tex = export(tmp_path, name, ".tex")
    text = tex.read_text(encoding="utf-8")
    lint = subprocess.run([chktex, "-q", str(tex)], capture_output=True, text=True, timeout=60)
    assert lint.stdout == "" and lint.returncode == 0, lint.stdout
    assert r"\toprule" in text and r"\midrule" in text and r"\bottomrule" in text
    head = text.split(r"\toprule", 1)[1].split(r"\midrule", 1)[0]
    body = text.split(r"\midrule", 1)[1].split(r"\bottomrule", 1)[0]

    def cells(line):
        return [re.sub(r"\\textsuperscript\{\d+\}", "", c).strip().replace("\\&", "&")
                for c in re.split(r"(?<!\\)&", line.strip().removesuffix(r"\\"))]

    grid = [cells(head)] + [cells(line) for line in body.strip().splitlines()]
    assert all(len(r) == len(grid[0]) for r in grid)
    assert_same_cells([[c.replace("--", "\u2013") if c == "--" else c for c in r] for r in grid], json_tables[name])
    notes = re.findall(r"\\textsuperscript\{(\d+)\}\\,(.*?)\\par", text)
    assert [int(n) for n, _ in notes] == list(range(1, len(notes) + 1))
    used = {int(m) for m in re.findall(r"\\textsuperscript\{(\d+)\}", body)}
    assert used == set(range(1, len(notes) + 1))  # every note is called and every mark has a note


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.notes, self._cell, self._in_note = [], {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = {"text": "", "kind": attrs.get("data-kind")}
        elif tag == "li" and attrs.get("id", "").startswith("note-"):
            self._in_note = int(attrs["id"][5:])
            self.notes[self._in_note] = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None
        elif tag == "li":
            self._in_note = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data
        elif self._in_note is not None:
            self.notes[self._in_note] += data


@pytest.mark.parametrize("name", TABLES)
def test_html_cells_carry_their_kind_and_link_their_notes(tmp_path, export, json_tables, name):
    page = _Tables()
    page.feed(export(tmp_path, name, ".html").read_text(encoding="utf-8"))
    grid = [[unmark(c["text"]) for c in row] for row in page.rows]
    assert_same_cells(grid, json_tables[name])
    for row in page.rows[1:]:
        for cell in row[1:]:
            assert SHOWN[unmark(cell["text"])] == cell["kind"]
    # Open dialogue uses decision-making on the evidence of references 24 and 25 (README, tutorial).
    if name == "resources":
        row = next(r for r in page.rows if r[0]["text"] == "Open dialogue")
        mark = int(re.search(r"(\d+)$", row[2]["text"])[1])
        assert "cites references 24, 25" in page.notes[mark]


@pytest.mark.parametrize("name", TABLES)
def test_word_table_and_notes(tmp_path, export, json_tables, name):
    docx = pytest.importorskip("docx")
    document = docx.Document(str(export(tmp_path, name, ".docx")))
    [table] = document.tables
    grid = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            runs = cell.paragraphs[0].runs
            cells.append("".join(r.text for r in runs if not r.font.superscript))
            assert all(r.text.isdigit() for r in runs if r.font.superscript)
        grid.append(cells)
    assert_same_cells(grid, json_tables[name])
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Yes, explicitly used according to the source") for t in texts)
    numbered = [int(t.split(" ", 1)[0]) for t in texts if re.match(r"\d+ \S", t)]
    assert numbered == list(range(1, len(numbered) + 1)) and numbered


@pytest.mark.parametrize("name", TABLES)
def test_excel_table_sheet_and_provenance_sheet(tmp_path, export, json_tables, name):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(export(tmp_path, name, ".xlsx"))
    assert book.sheetnames == ["Table 1" if name == "resources" else "Table 2", "Provenance"]
    rows = [[c if c is not None else "" for c in r] for r in book.worksheets[0].iter_rows(values_only=True)]
    expected = json_tables[name]
    grid = rows[1:2 + len(expected)]
    assert_same_cells([grid[0]] + [[r[0], *(unmark(c) for c in r[1:])] for r in grid[1:]], expected)
    provenance = list(book["Provenance"].iter_rows(values_only=True))
    header = provenance[0]
    records = [dict(zip(header, r, strict=True)) for r in provenance[1:]]
    assert len(records) == len(expected) * len([k for k in expected[0] if k not in ROW_KEYS])
    for record in records:
        want = next(e for e in expected if e["model"] == record["model"])[record["column"]]
        assert record["kind"] in JSON_KINDS[want]
        assert (record["locator"] is None) == (record["kind"] == "unstated")
    if name == "resources":
        decision = next(r for r in records if r["model"] == "Open dialogue" and r["column"].startswith("Patient's decision"))
        assert decision["references"] == "24, 25" and "Seikkula and Olson" in decision["authors as cited"]


def test_an_added_model_has_unstated_cells_apart_from_blank_ones():
    import roto
    from roto.render.manuscript import manuscript, write

    kg = roto.open([Path(__file__).parent / "fixtures" / "researcher-model.toml"])
    table = manuscript("resources", kg.engine)
    row = dict(zip(table.columns, dict(table.rows)["Fixture college"], strict=True))
    assert row["Experiential knowledge"].kind == "used" and row["Patient's decision-making ability"].kind == "blank"
    assert row["Social relationships"].kind == "unstated" and row["Social relationships"].note is None
    page = write(table, "html").decode()
    assert 'data-kind="unstated"' in page and 'data-kind="blank"' in page and "n.s." in page


def test_binary_formats_are_refused_on_standard_output_and_suffixes_choose_the_format(tmp_path, roto_cli):
    assert_refused(roto_cli("table", "resources", "--format", "docx"), "binary", "-o")
    assert_refused(roto_cli("table", "resources", "--format", "xlsx"), "binary")
    out = tmp_path / "t.md"
    assert roto_cli("table", "relationships", "-o", str(out)).returncode == 0
    assert out.read_text().startswith("Table 2: ") and "\n\n| model |" in out.read_text()
    latex = roto_cli("table", "relationships", "--format", "latex")
    assert latex.returncode == 0 and r"\begin{tabular}" in latex.stdout


def test_office_libraries_load_only_for_their_format_and_a_missing_one_is_one_line(tmp_path):
    import os
    import sys

    from conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    heavy = "('docx', 'openpyxl', 'matplotlib', 'rdflib', 'pandas')"
    for args in (["table", "resources", "-f", "latex"], ["table", "resources", "-f", "html"], ["cite"],
                 ["compare", "befriending", "open dialogue"], ["similar", "befriending"]):
        code = (f"import sys, io, contextlib\nfrom roto.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
                f"    main({args!r})\nprint(sorted(m for m in {heavy} if m in sys.modules))")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0 and done.stdout.strip() == "[]", (args, done.stdout, done.stderr)
    blocked = ("import sys; sys.modules['docx'] = None\n"
               "from roto.cli import main; sys.exit(main(['table', 'resources', '-o', sys.argv[1]]))")
    done = subprocess.run([sys.executable, "-c", blocked, str(tmp_path / "t.docx")], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "python-docx" in done.stderr and "pip install 'roto-ontology[office]'" in done.stderr
    assert not (tmp_path / "t.docx").exists()


# The researcher's fixture model in Table 1: a Yes, a blank and four cells its source leaves unstated.
ADDED_ROW = ["unstated", "blank", "Yes", "unstated", "unstated", "unstated"]
ADDED_SOURCE = "Notes on a model outside the review (test fixture)"
EXTENDED = "Table 1 of the review, extended with 1 added model: "


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> Path:
    """An RDF file holding the review and one added model (tests/fixtures/researcher-model.toml)."""
    import pyoxigraph as ox

    import roto

    path = tmp_path_factory.mktemp("extended") / "extended.nq"
    roto.open([Path(__file__).parent / "fixtures" / "researcher-model.toml"]).store.dump(path, ox.RdfFormat.N_QUADS)
    return path


def extended_table(roto_cli, extended: Path, fmt: str, tmp_path: Path) -> str | Path:
    if fmt in ("docx", "xlsx", "latex", "html"):
        out = tmp_path / f"t.{ {'latex': 'tex'}.get(fmt, fmt) }"
        result = roto_cli("table", "resources", "--data", str(extended), "-o", str(out))
        assert result.returncode == 0, result.stderr
        return out
    result = roto_cli("table", "resources", "--data", str(extended), "--format", fmt)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json", "latex", "html", "docx", "xlsx"])
def test_every_format_keeps_an_added_rows_three_kinds_apart_with_its_source(extended, tmp_path, fmt, roto_cli):
    """Used, blank (not used according to its source) and unstated stay three things for a
    model added to the review, its row is marked as added and the caption says the review's
    table is extended with it; the review's rows stay the review's."""
    shown = {"text": {"unstated": "unstated", "blank": "", "Yes": "Yes"}, "latex": {"unstated": "n.s.", "blank": "--"}}
    out = extended_table(roto_cli, extended, fmt, tmp_path)
    if fmt in ("text", "markdown"):
        lines = out.splitlines()
        assert lines[0].startswith(EXTENDED) and lines[1] == ""
        row = next(line for line in lines if "Fixture college" in line)
        cells = row.strip("|").split("|") if fmt == "markdown" else None
        if cells:
            assert [c.strip() for c in cells] == ["Fixture college (added)", *(shown["text"][k] for k in ADDED_ROW)]
        else:
            assert row.startswith("Fixture college (added)") and row.split() == ["Fixture", "college", "(added)",
                                                                                 "unstated", "Yes", "unstated", "unstated", "unstated"]
        legend = " ".join(out.split())
        assert f"(added): a model added to the review's table, as its own source states it: Fixture college ({ADDED_SOURCE})" in legend
        assert "not explicitly used according to that source" in legend
        assert "Befriending (added)" not in out
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        added = rows[-1]
        assert added["model"] == "Fixture college" and added["source"] == ADDED_SOURCE
        assert [added[c] for c in list(added)[1:7]] == [shown["text"][k] for k in ADDED_ROW]
        assert {r["source"] for r in rows[:-1]} == {"the review"}
    elif fmt == "json":
        records = json.loads(out)
        added = records[-1]
        assert [added[c] for c in list(added)[1:7]] == ADDED_ROW
        assert added["added"] is True and added["source"] == "https://example.org/roto-test/fixture-notes"
        assert added["source_title"] == ADDED_SOURCE
        assert not any(r["added"] for r in records[:-1])
    elif fmt == "latex":
        text = out.read_text(encoding="utf-8")
        assert rf"\caption{{{EXTENDED}" in text
        row = next(line for line in text.splitlines() if line.startswith("Fixture college"))
        cells = [re.sub(r"\\textsuperscript\{\d+\}", "", c).strip() for c in row.removesuffix(r" \\").split(" & ")]
        assert cells == ["Fixture college (added)", *(shown["latex"].get(k, k) for k in ADDED_ROW)]
        assert f"{ADDED_SOURCE}: Summary" in text, "the added row's notes name its own source"
    elif fmt == "html":
        page = _Tables()
        page.feed(out.read_text(encoding="utf-8"))
        row = next(r for r in page.rows if r and r[0]["text"].startswith("Fixture college"))
        assert row[0]["text"] == "Fixture college (added)"
        assert [SHOWN[unmark(c["text"])] for c in row[1:]] == [KINDS_USED.get(k, k) for k in ADDED_ROW]
        assert [c["kind"] for c in row[1:]] == [KINDS_USED.get(k, k) for k in ADDED_ROW]
        assert f"<caption>{EXTENDED}" in out.read_text(encoding="utf-8")
    elif fmt == "docx":
        docx = pytest.importorskip("docx")
        document = docx.Document(str(out))
        [table] = document.tables
        row = next(r for r in table.rows if r.cells[0].text.startswith("Fixture college"))
        cells = ["".join(run.text for run in c.paragraphs[0].runs if not run.font.superscript) for c in row.cells]
        assert cells[0] == "Fixture college (added)" and [SHOWN[c] for c in cells[1:]] == [KINDS_USED.get(k, k) for k in ADDED_ROW]
        assert document.paragraphs[0].text.startswith(EXTENDED)
        assert any(ADDED_SOURCE in p.text and "(added)" in p.text for p in document.paragraphs)
    else:
        openpyxl = pytest.importorskip("openpyxl")
        sheet = openpyxl.load_workbook(out).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0].startswith(EXTENDED)
        row = next(r for r in rows if r[0] and r[0].startswith("Fixture college"))
        assert row[0] == "Fixture college (added)"
        assert [SHOWN[unmark(c)] for c in row[1:7]] == [KINDS_USED.get(k, k) for k in ADDED_ROW]


KINDS_USED = {"Yes": "used"}  # the manuscript formats' name for a Yes cell


def test_the_review_alone_has_no_added_row_and_its_own_caption(roto_cli):
    text = roto_cli("table", "resources").stdout
    assert text.startswith("Table 1: ") and "(added)" not in text and "extended" not in text
    assert "not explicitly used according to the review" in " ".join(text.split())
