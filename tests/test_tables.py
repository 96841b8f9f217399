"""Table 1 and Table 2 regenerated from the graph equal the review's, cell by cell."""

import csv
import json
from pathlib import Path

import pytest

from conftest import run_roto

FIXTURES = Path(__file__).parent / "fixtures"


def hand_written(name: str) -> list[list[str]]:
    with open(FIXTURES / name, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("table, fixture", [("resources", "table1.csv"), ("relationships", "table2.csv")])
def test_table_csv_equals_the_review(table, fixture):
    result = run_roto("table", table, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert list(csv.reader(result.stdout.splitlines())) == hand_written(fixture)


@pytest.mark.parametrize("table, fixture", [("resources", "table1.csv"), ("relationships", "table2.csv")])
def test_table_json_and_markdown_carry_the_same_cells(table, fixture):
    from roto.output import render_rows
    from roto.tables import review_table

    expected = hand_written(fixture)
    t = review_table(table)
    records = json.loads(render_rows(t.headers(), t.records(), "json"))
    assert [[r[h] for h in expected[0]] for r in records] == expected[1:]
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
    from roto.queries import bind, get_query, select

    import pyoxigraph as ox

    for prop in ("usesResource", "usesRelationship"):
        text = bind(get_query("review-table"), {"property": ox.NamedNode("https://w3id.org/roto/" + prop)})
        _, rows = select(store, text)
        cells = {r["cell"].value for r in rows}
        assert cells == {"Yes", "blank"}, f"{prop}: every review cell is asserted or negated"
