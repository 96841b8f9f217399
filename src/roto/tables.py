"""The review's Table 1 and Table 2, regenerated from the graph by SPARQL."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import RotoError
from .namespaces import BASE
from .queries import bind, get_query, select
from .store import open_store, term_value

TABLES = {
    "resources": (BASE + "usesResource", "Table 1: resources each model explicitly draws on"),
    "relationships": (BASE + "usesRelationship", "Table 2: kinds of social relationship each model explicitly draws on"),
}


@dataclass(frozen=True)
class Table:
    """A review table: column labels in the review's order, one row per model."""

    name: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]  # (model label, cells: "Yes" or "")

    def headers(self) -> list[str]:
        return ["model", *self.columns]

    def records(self) -> list[list[str]]:
        return [[model, *cells] for model, cells in self.rows]


def review_table(name: str, store=None) -> Table:
    """Table 1 ("resources") or Table 2 ("relationships"); blank and unstated cells are ''."""
    if name not in TABLES:
        raise RotoError(f"unknown table {name!r}; choose one of: {', '.join(TABLES)}")
    import pyoxigraph as ox

    prop, caption = TABLES[name]
    text = bind(get_query("review-table"), {"property": ox.NamedNode(prop)})
    _, solutions = select(store or open_store(), text)
    columns: list[str] = []
    rows: dict[str, list[str]] = {}
    for row in solutions:
        column = term_value(row["columnLabel"])
        if column not in columns:
            columns.append(column)
        cell = term_value(row["cell"])
        rows.setdefault(term_value(row["modelLabel"]), []).append("Yes" if cell == "Yes" else "")
    return Table(name, caption, columns, list(rows.items()))
