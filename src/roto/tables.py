"""The review's Table 1 and Table 2, regenerated from the graph by SPARQL."""

from __future__ import annotations

from collections import namedtuple

from .errors import RotoError
from .namespaces import BASE
from .engine import Engine, LocalEngine, open_engine
from .queries import run
from .store import term_value

TABLES = {
    "resources": (BASE + "usesResource", "Table 1: resources each model explicitly draws on"),
    "relationships": (BASE + "usesRelationship", "Table 2: kinds of social relationship each model explicitly draws on"),
}


class Table(namedtuple("Table", "name caption columns rows")):
    """A review table: name, caption, column labels in the review's order, one row per
    model: (model label, cells: "Yes" or "")."""

    __slots__ = ()

    def headers(self) -> list[str]:
        return ["model", *self.columns]

    def records(self) -> list[list[str]]:
        return [[model, *cells] for model, cells in self.rows]

    def to_frame(self):
        """The table as a pandas DataFrame indexed by model (needs pandas)."""
        from .optional import pandas

        return pandas().DataFrame(self.records(), columns=self.headers()).set_index("model")


class Cell(namedtuple("Cell", "model model_label column column_label value")):
    """One cell of a review table: model and column IRIs and labels, and the value: "Yes"
    (explicitly used), "blank" (the review's empty cell, a negative assertion) or
    "unstated" (the graph says neither: a model from outside the review)."""

    __slots__ = ()


def table_cells(name: str, store=None, *, engine: Engine | None = None) -> list[Cell]:
    """Every cell of Table 1 ("resources") or Table 2 ("relationships"), models and
    columns in the review's order, from `engine` (or a pyoxigraph `store`, or the release)."""
    if name not in TABLES:
        raise RotoError(f"unknown table {name!r}; choose one of: {', '.join(TABLES)}")
    import pyoxigraph as ox

    engine = engine or (LocalEngine(store) if store is not None else open_engine())
    solutions = run(engine, "review-table", {"property": ox.NamedNode(TABLES[name][0])}).records()
    return [Cell(*(term_value(row[key]) for key in ("model", "modelLabel", "column", "columnLabel", "cell")))
            for row in solutions]


def review_table(name: str, store=None, *, engine: Engine | None = None) -> Table:
    """Table 1 ("resources") or Table 2 ("relationships"); blank and unstated cells are ''."""
    columns: list[str] = []
    rows: dict[str, list[str]] = {}
    for cell in table_cells(name, store, engine=engine):
        if cell.column_label not in columns:
            columns.append(cell.column_label)
        rows.setdefault(cell.model_label, []).append("Yes" if cell.value == "Yes" else "")
    return Table(name, TABLES[name][1], columns, list(rows.items()))
