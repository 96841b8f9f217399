"""The review's Table 1 and Table 2, regenerated from the graph by SPARQL.

A cell is "Yes" (explicitly used), blank (the source's empty cell: a negative assertion)
or unstated (the graph says neither, e.g. for a researcher's model whose source has no
such table): blank and unstated never look alike. Each row says which source its cells
come from: a model whose source is not the review is an added row, marked "(added)", and
the caption then says the review's table is extended with it. A cell the review's text
hedges, or that is a joint claim about several models, gets a footnote mark ("Yes [1]")
and a note saying how (see `roto.qualifiers`).
"""

from __future__ import annotations

from collections import namedtuple

from .engine import Engine, LocalEngine, open_engine
from .errors import RotoError
from .framework import TABLES
from .namespaces import REVIEW_IRI
from .qualifiers import by_triple, qualified
from .queries import run_select
from .store import bound_value, term_value

# How each kind of cell is written: (text, Markdown and CSV; JSON writes the kind itself).
SHOWN = {"Yes": "Yes", "blank": "", "unstated": "unstated"}
LEGEND = ('Yes: explicitly used according to {source}. Empty: {blank}, not explicitly used according to {it}. '
          '"unstated": the graph says neither. [n]: the review\'s text hedges the cell or makes it a joint claim, as '
          'the note says.')
ADDED = " (added)"  # after the label of a row whose source is not the review


class Origin(namedtuple("Origin", "iri title", defaults=(None,))):
    """The source a row's statements come from: the review, or the source of a model a
    researcher added (its IRI and title, None where the graph has none)."""

    __slots__ = ()

    @property
    def added(self) -> bool:
        return self.iri != REVIEW_IRI

    @property
    def name(self) -> str:
        """The source as a cell's "according to ..." names it."""
        return "the review" if not self.added else self.title or self.iri or "a source without a record"


def origins(cells: list[Cell]) -> dict[str, Origin]:
    """Model label -> the source of its row, in the table's order."""
    return {c.model_label: Origin(c.source, c.source_title) for c in cells}


def extended(name: str, added: int) -> str:
    """"Table 1 of the review", with `added` rows: "Table 1 of the review, extended with 2 added models"."""
    named = f"{TABLES[name].label} of the review"
    return f"{named}, extended with {added} added model{'s' if added > 1 else ''}" if added else named


def caption(name: str, rows: dict[str, Origin]) -> str:
    """The table's caption; with added rows, "Table 1 of the review, extended with 2 added models: ..."."""
    table = TABLES[name]
    added = sum(o.added for o in rows.values())
    return f"{extended(name, added)}: {table.caption.partition(': ')[2]}" if added else table.caption


def legend(rows: dict[str, Origin]) -> str:
    """What the cells mean, each according to its row's source, and what "(added)" means."""
    if not any(o.added for o in rows.values()):
        return LEGEND.format(source="the review", blank="the review's blank cell", it="the review")
    return LEGEND.format(source="the row's source", blank="the source's blank cell", it="that source") + added_note(rows)


def added_note(rows: dict[str, Origin]) -> str:
    """" (added): ...", naming each added row's source; empty when no row is added."""
    by_source: dict[str, list[str]] = {}
    for label, origin in rows.items():
        if origin.added:
            by_source.setdefault(origin.name, []).append(label)
    if not by_source:
        return ""
    return (" (added): a model added to the review's table, as its own source states it: "
            + "; ".join(f"{', '.join(labels)} ({source})" for source, labels in by_source.items()) + ".")


# Named tuples, not dataclasses, as on the rest of the query path (see `roto.engine`): a
# cold `roto table` would otherwise import `dataclasses` and `inspect` for three records.


class Cell(namedtuple("Cell", "model model_label column column_label value qualified source source_title",
                       defaults=(None, None, None))):
    """One cell of a review table: "Yes" (explicitly used), "blank" (the review's empty
    cell, a negative assertion) or "unstated" (the graph says neither: a model from
    outside the review), with the review's hedges on it (a `Qualified`), if any, and the
    IRI and title of the model's source (the review's IRI for the review's rows)."""

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


class Table(namedtuple("Table", "name caption columns rows notes origins")):
    """A review table: column labels in the review's order, one row per model as (model
    label, cells: "Yes", "blank" or "unstated"), and its notes; `mark` gives a cell's
    footnote number and `origins` each row's source (model label -> `Origin`: the review,
    or the source of an added model)."""

    __slots__ = ()

    @property
    def added(self) -> list[str]:
        """The labels of the rows whose source is not the review."""
        return [label for label, origin in self.origins.items() if origin.added]

    def mark(self, model_label: str, column_label: str) -> int | None:
        return next((n.mark for n in self.notes if (n.model_label, n.column_label) == (model_label, column_label)), None)

    def headers(self, with_notes: bool = False) -> list[str]:
        """The header row; `with_notes` (CSV) adds the notes and each row's source."""
        return ["model", *self.columns, *(["notes", "source"] if with_notes else [])]

    def shown(self, model_label: str, column_label: str, value: str) -> str:
        """A cell as text shows it: "Yes", "Yes [1]", "" (blank) or "unstated"."""
        mark = self.mark(model_label, column_label)
        return f"{SHOWN[value]} [{mark}]".strip() if mark else SHOWN[value]

    def records(self, with_notes: bool = False) -> list[list[str]]:
        """Rows of shown cells, an added row's label marked "(added)"; `with_notes` (for CSV)
        leaves the labels as they are and adds columns: each row's notes and its source."""
        out = []
        for model, cells in self.rows:
            label = model + ADDED if self.origins[model].added and not with_notes else model
            row = [label, *(self.shown(model, c, v) for c, v in zip(self.columns, cells, strict=True))]
            if with_notes:
                row += [" ".join(n.text() for n in self.notes if n.model_label == model), self.origins[model].name]
            out.append(row)
        return out

    def footnotes(self, fmt: str = "text", width: int = 100) -> str:
        """The notes and the legend: wrapped lines for text, a list for Markdown."""
        legend = self.legend()
        if fmt == "markdown":
            return "".join(f"- {n.text()}\n" for n in self.notes) + f"\n{legend}\n"
        import textwrap

        lines = [textwrap.fill(n.text(), width, subsequent_indent="    ") for n in self.notes]
        return "\n".join([*lines, textwrap.fill(legend, width)]) + "\n"

    def legend(self) -> str:
        return legend(self.origins)

    def to_json(self) -> list[dict]:
        """One object per row: each column's kind of cell, the row's notes, its source
        (IRI and title) and whether it is added to the review's table."""
        from .qualifiers import hedge_json

        return [{"model": model, **dict(zip(self.columns, cells, strict=True)),
                 "notes": [{"mark": n.mark, "column": n.column_label, "statement": n.qualified.statement,
                            "hedges": [hedge_json(h) for h in n.qualified.hedges],
                            "joint_with": list(n.qualified.joint_with)}
                           for n in self.notes if n.model_label == model],
                 "source": self.origins[model].iri, "source_title": self.origins[model].title,
                 "added": self.origins[model].added}
                for model, cells in self.rows]

    def to_frame(self):
        """The table as a pandas DataFrame indexed by model, cells "Yes", "blank" or
        "unstated"; in `frame.attrs`: the caption, the notes, each row's source by model
        ("sources": "the review" or the added model's source) and the added rows ("added")."""
        from .optional import pandas

        frame = pandas().DataFrame([[m, *cells] for m, cells in self.rows], columns=self.headers()).set_index("model")
        frame.attrs.update(caption=self.caption, notes=[n.text() for n in self.notes], added=self.added,
                           sources={label: origin.name for label, origin in self.origins.items()})
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
        cells.append(Cell(model, label, column, column_label, value, hedges.get((model, prop, column)),
                          term_value(row.get("source")), term_value(row.get("sourceTitle"))))
    return cells


def review_table(name: str, store=None, *, engine: Engine | None = None) -> Table:
    """Table 1 ("resources") or Table 2 ("relationships"), with its footnotes."""
    columns: list[str] = []
    rows: dict[str, list[str]] = {}
    notes: list[Note] = []
    cells = table_cells(name, store, engine=engine)
    for cell in cells:
        if cell.column_label not in columns:
            columns.append(cell.column_label)
        rows.setdefault(cell.model_label, []).append(cell.value)
        if cell.qualified is not None:
            notes.append(Note(len(notes) + 1, cell.model_label, cell.column_label, cell.qualified))
    found = origins(cells)
    return Table(name, caption(name, found), columns, list(rows.items()), notes, found)
