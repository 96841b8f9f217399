"""The review's Table 1 and Table 2, regenerated from the graph by SPARQL.

A cell is "Yes" (explicitly used), blank (the review's empty cell: a negative assertion)
or unstated (the graph says neither, e.g. for a researcher's model whose source has no
such table): blank and unstated never look alike. A cell the review's text hedges, or that
is a joint claim about several models, gets a footnote mark ("Yes [1]") and a note saying
how (see `roto.qualifiers`).
"""

from __future__ import annotations

from collections import namedtuple

from .engine import Engine, LocalEngine, open_engine
from .errors import RotoError
from .framework import TABLES
from .qualifiers import by_triple, qualified
from .queries import run_select
from .store import bound_value

# How each kind of cell is written: (text, Markdown and CSV; JSON writes the kind itself).
SHOWN = {"Yes": "Yes", "blank": "", "unstated": "unstated"}
LEGEND = ('Yes: explicitly used according to the review. Empty: the review\'s blank cell, not explicitly used '
          'according to the review. "unstated": the graph says neither. [n]: the review\'s text hedges the cell '
          'or makes it a joint claim, as the note says.')


# Named tuples, not dataclasses, as on the rest of the query path (see `roto.engine`): a
# cold `roto table` would otherwise import `dataclasses` and `inspect` for three records.


class Cell(namedtuple("Cell", "model model_label column column_label value qualified", defaults=(None,))):
    """One cell of a review table: "Yes" (explicitly used), "blank" (the review's empty
    cell, a negative assertion) or "unstated" (the graph says neither: a model from
    outside the review), with the review's hedges on it (a `Qualified`), if any."""

    __slots__ = ()


class Note(namedtuple("Note", "mark model_label column_label qualified")):
    """A footnote of a table: the mark, the cell it is on, and what qualifies the cell (a `Qualified`)."""

    __slots__ = ()

    def body(self) -> str:
        """The note without its mark: the cell, its hedges and joint claim, ROTO's notes."""
        notes = self.qualified.notes()
        return f"{self.model_label}, {self.column_label}: {self.qualified.summary()}." + (f" {notes}" if notes else "")

    def text(self) -> str:
        return f"[{self.mark}] {self.body()}"


class Table(namedtuple("Table", "name caption columns rows notes")):
    """A review table: column labels in the review's order, one row per model as (model
    label, cells: "Yes", "blank" or "unstated"), and its notes; `mark` gives a cell's
    footnote number."""

    __slots__ = ()

    def mark(self, model_label: str, column_label: str) -> int | None:
        return next((n.mark for n in self.notes if (n.model_label, n.column_label) == (model_label, column_label)), None)

    def headers(self, with_notes: bool = False) -> list[str]:
        return ["model", *self.columns, *(["notes"] if with_notes else [])]

    def shown(self, model_label: str, column_label: str, value: str) -> str:
        """A cell as text shows it: "Yes", "Yes [1]", "" (blank) or "unstated"."""
        mark = self.mark(model_label, column_label)
        return f"{SHOWN[value]} [{mark}]".strip() if mark else SHOWN[value]

    def records(self, with_notes: bool = False) -> list[list[str]]:
        """Rows of shown cells; `with_notes` adds a column with each row's notes (for CSV)."""
        out = []
        for model, cells in self.rows:
            row = [model, *(self.shown(model, c, v) for c, v in zip(self.columns, cells, strict=True))]
            if with_notes:
                row.append(" ".join(n.text() for n in self.notes if n.model_label == model))
            out.append(row)
        return out

    def footnotes(self, fmt: str = "text", width: int = 100) -> str:
        """The notes and the legend: wrapped lines for text, a list for Markdown."""
        if fmt == "markdown":
            return "".join(f"- {n.text()}\n" for n in self.notes) + f"\n{LEGEND}\n"
        import textwrap

        lines = [textwrap.fill(n.text(), width, subsequent_indent="    ") for n in self.notes]
        return "\n".join([*lines, textwrap.fill(LEGEND, width)]) + "\n"

    def to_json(self) -> list[dict]:
        """One object per row: each column's kind of cell, and the row's notes."""
        from .qualifiers import hedge_json

        return [{"model": model, **dict(zip(self.columns, cells, strict=True)),
                 "notes": [{"mark": n.mark, "column": n.column_label, "statement": n.qualified.statement,
                            "hedges": [hedge_json(h) for h in n.qualified.hedges],
                            "joint_with": list(n.qualified.joint_with)}
                           for n in self.notes if n.model_label == model]}
                for model, cells in self.rows]

    def to_frame(self):
        """The table as a pandas DataFrame indexed by model, cells "Yes", "blank" or
        "unstated", the notes in `frame.attrs["notes"]` (needs pandas)."""
        from .optional import pandas

        frame = pandas().DataFrame([[m, *cells] for m, cells in self.rows], columns=self.headers()).set_index("model")
        frame.attrs["notes"] = [n.text() for n in self.notes]
        return frame


def table_cells(name: str, store=None, *, engine: Engine | None = None) -> list[Cell]:
    """Every cell of Table 1 ("resources") or Table 2 ("relationships"), models and
    columns in the review's order, from `engine` (or a pyoxigraph `store`, or the release)."""
    if name not in TABLES:
        raise RotoError(f"unknown table {name!r}; choose one of: {', '.join(TABLES)}")
    import pyoxigraph as ox

    engine = engine or (LocalEngine(store) if store is not None else open_engine())
    prop = TABLES[name].property
    solutions = run_select(engine, "review-table", {"property": ox.NamedNode(prop)}).records()
    hedges = by_triple(qualified(engine)) if solutions else {}
    cells = []
    for row in solutions:
        model, label, column, column_label, value = (bound_value(row[k]) for k in
                                                     ("model", "modelLabel", "column", "columnLabel", "cell"))
        cells.append(Cell(model, label, column, column_label, value, hedges.get((model, prop, column))))
    return cells


def review_table(name: str, store=None, *, engine: Engine | None = None) -> Table:
    """Table 1 ("resources") or Table 2 ("relationships"), with its footnotes."""
    columns: list[str] = []
    rows: dict[str, list[str]] = {}
    notes: list[Note] = []
    for cell in table_cells(name, store, engine=engine):
        if cell.column_label not in columns:
            columns.append(cell.column_label)
        rows.setdefault(cell.model_label, []).append(cell.value)
        if cell.qualified is not None:
            notes.append(Note(len(notes) + 1, cell.model_label, cell.column_label, cell.qualified))
    return Table(name, TABLES[name].caption, columns, list(rows.items()), notes)
