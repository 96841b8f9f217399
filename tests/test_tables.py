"""Table 1 and Table 2 regenerated from the graph equal the review's, cell by cell."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import run_roto

FIXTURES = Path(__file__).parent / "fixtures"


def hand_written(name: str) -> list[list[str]]:
    with open(FIXTURES / name, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def unmarked(cell: str) -> str:
    """A cell without its note mark: "Yes [2]" -> "Yes"."""
    return re.sub(r"\s*\[\d+\]$", "", cell)


# The cells the review's text hedges or states jointly (Results subsections), by hand:
# table -> {(model, column): kinds of hedge, and whether it is a joint claim}.
HEDGED = {
    "resources": {
        ("Peer support workers", "Experiential knowledge"): "joint claim with Self-help groups",
        ("Positive psychotherapy", "Experiential knowledge"): "may or can",  # "can encourage"
        ("Self-help groups", "Experiential knowledge"): "joint claim with Peer support workers",
        ("Self-help groups", "Recreational activities"): "typically, not always [29]",  # "Many self-help groups"
        ("Solution-focused therapy", "Patient's individual strengths"): "may or can [32-34]",  # "may involve"
        ("Therapeutic communities", "Experiential knowledge"): "hoped for [39-41]",  # "it is hoped"
    },
    "relationships": {
        ("Creative music therapy", "Peers"): "may or can [18-22]",  # "can provide ... in group sessions"
        ("Open dialogue", "Family"): "may or can [23-25]",  # "can also utilise the family"
        ("Peer support workers", "Peers"): "joint claim with Self-help groups",
        ("Positive psychotherapy", "Family"): "may or can [28]",  # "may utilise the family"
        ("Self-help groups", "Peers"): "joint claim with Peer support workers",
        ("Solution-focused therapy", "Family"): "by origin [43]",  # "originally grew from family therapy"
    },
}


@pytest.mark.parametrize("table, fixture", [("resources", "table1.csv"), ("relationships", "table2.csv")])
def test_table_csv_equals_the_review(table, fixture):
    result = run_roto("table", table, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(result.stdout.splitlines()))
    assert rows[0][-2:] == ["notes", "source"]
    assert [[unmarked(c) for c in row[:-2]] for row in rows] == hand_written(fixture)
    assert {row[-1] for row in rows[1:]} == {"the review"}, "every row is the review's own"


@pytest.mark.parametrize("table", ["resources", "relationships"])
def test_every_format_marks_the_hedged_cells_and_explains_them(table):
    """A hedged Yes carries a note mark in text, Markdown and CSV, and its hedges in JSON."""
    expected = HEDGED[table]
    rows = list(csv.DictReader(io.StringIO(run_roto("table", table, "--format", "csv").stdout)))
    marked = {(r["model"], c): v for r in rows for c, v in r.items() if c not in ("model", "notes") and "[" in v}
    assert set(marked) == set(expected)
    for (model, column), summary in expected.items():
        row = next(r for r in rows if r["model"] == model)
        mark = marked[(model, column)].split("[")[1].rstrip("]")
        assert f"[{mark}] {model}, {column}: {summary}" in row["notes"]
    for fmt in ("text", "markdown"):
        shown = run_roto("table", table, "--format", fmt).stdout
        assert shown.count("Yes [") == len(expected)
        assert all(f"{model}, {column}: {summary}" in " ".join(shown.split()) for (model, column), summary in expected.items())
        assert "blank cell" in shown and "unstated" in shown
    records = json.loads(run_roto("table", table, "--format", "json").stdout)
    noted = {(r["model"], n["column"]) for r in records for n in r["notes"]}
    assert noted == set(expected)
    assert all(r[c] in ("Yes", "blank") for r in records for c in r if c not in ("model", "notes", "source", "source_title", "added"))
    assert all(r["source"] == "https://doi.org/10.1192/bjp.bp.113.135038" and r["added"] is False for r in records)


@pytest.mark.parametrize("table, fixture", [("resources", "table1.csv"), ("relationships", "table2.csv")])
def test_table_json_and_markdown_carry_the_same_cells(table, fixture):
    from roto.render.rows import render_rows
    from roto.tables import review_table

    expected = hand_written(fixture)
    t = review_table(table)
    assert [[r[h] or "" for h in expected[0]] for r in t.to_json()] == [
        [cell or ("blank" if i else cell) for i, cell in enumerate(row)] for row in expected[1:]]
    markdown = render_rows(t.headers(), t.records(), "markdown").splitlines()
    assert len(markdown) == len(expected) + 1
    assert markdown[0] == "| " + " | ".join(expected[0]) + " |"


def test_table_text_is_aligned_with_caption():
    result = run_roto("table", "resources")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Table 1")
    header = lines[2]
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    first_row = lines[rule + 1]
    assert first_row.startswith("Befriending")
    assert header.index("Social") == first_row.index("Yes")
    assert max(map(len, lines)) <= 120, "long headers wrap so the table fits a terminal"
    # the wrapped header still carries every column label, word for word
    header_words = " ".join(lines[2:rule]).split()
    for label in ("Social relationships", "Patient's decision-making ability", "Recreational activities"):
        assert all(word in header_words for word in label.split())


def test_table_rejects_unknown_name():
    result = run_roto("table", "diagnoses")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_blank_cells_come_from_negative_assertions_not_missing_triples(store):
    """A blank cell is the review's statement (an owl:NegativePropertyAssertion)."""
    import pyoxigraph as ox

    from roto.queries import bind, get_query, select

    for prop in ("usesResource", "usesRelationship"):
        text = bind(get_query("review-table"), {"property": ox.NamedNode("https://w3id.org/roto/" + prop)})
        _, rows = select(store, text)
        cells = {r["cell"].value for r in rows}
        assert cells == {"Yes", "blank"}, f"{prop}: every review cell is asserted or negated"
