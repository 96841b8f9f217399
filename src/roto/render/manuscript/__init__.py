"""The review's tables for a manuscript: LaTeX, Word, Excel and HTML, one writer per module.


Every writer reads one `Manuscript`: the table's cells (from `roto.tables.table_cells`, so
from the graph by SPARQL), each cell one of three kinds kept apart in every format —
"used" (Yes), "blank" (the review's empty cell: not used according to the source) and
"unstated" (the graph says neither, e.g. for a model from outside the review) — each row
marked "(added)" where its source is not the review (the caption then says the review's
table is extended), and the provenance of each cell (where the source says it, which numbered references it cites, any
hedge on it) as numbered notes. Cells with the same provenance share one note, as a
journal's table footnotes would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...engine import Engine, open_engine
from ...tables import ADDED, Origin, added_note, caption, origins, table_cells

# The three kinds of cell, as a value of the graph's `review-table` query gives them.
KINDS = {"Yes": "used", "blank": "blank", "unstated": "unstated"}
SHOWN = {"used": "Yes", "blank": "\u2013", "unstated": "n.s."}
LEGEND = ("Yes, explicitly used according to the source; \u2013, the source's blank cell: not explicitly used "
          "according to the source; n.s., not stated: the graph says neither (as for a model from outside the "
          "review). Numbers refer to the notes: where the source makes the statement and the numbered references "
          "of the review it cites there.")


@dataclass(frozen=True)
class Provenance:
    """Where the source makes one cell's statement and what it cites there."""

    statement: str | None
    locator: str
    references: tuple[tuple[int, str | None], ...]  # (number, authors as cited)
    hedge: str | None = None

    def text(self) -> str:
        """The note for this provenance: "Results: Family. Cites 23, 24."."""
        parts = [self.locator or "no locator in the graph"]
        if self.references:
            parts.append("cites reference" + ("s " if len(self.references) > 1 else " ")
                         + ", ".join(str(n) for n, _ in self.references))
        if self.hedge:
            parts.append(f"hedged: {self.hedge}")
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class ManuscriptCell:
    model: str
    model_label: str
    column_label: str
    kind: str  # "used", "blank" or "unstated"
    provenance: Provenance | None
    note: int | None  # the number of its note, if it has provenance

    @property
    def shown(self) -> str:
        return SHOWN[self.kind]


@dataclass(frozen=True)
class Manuscript:
    """A review table ready for a writer: columns, rows of cells, numbered notes."""

    name: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[ManuscriptCell]]]
    notes: list[str]  # note n is notes[n - 1]
    legend: str = LEGEND
    origins: dict[str, Origin] = field(default_factory=dict)  # model label -> the source of its row

    def cells(self) -> list[ManuscriptCell]:
        return [cell for _, cells in self.rows for cell in cells]

    def row_label(self, model_label: str) -> str:
        """A row's label as written: "(added)" after a model whose source is not the review."""
        origin = self.origins.get(model_label)
        return model_label + ADDED if origin is not None and origin.added else model_label


def _hedge(cell) -> str | None:
    """The hedge on a cell, where `roto.tables` reads hedges (a `qualified` field)."""
    qualified = getattr(cell, "qualified", None)
    return qualified.summary() if qualified is not None else None


def provenance_by_cell(models: list[str], engine: Engine) -> dict[tuple[str, str], Provenance]:
    """(model IRI, column IRI) → the provenance of that table cell, from `roto.evidence`."""
    from ...evidence import evidence

    found = {}
    for model in models:
        for s in evidence(model, engine=engine):
            if s.feature == s.target:  # a table cell, used or blank (not a dimension or key text)
                found[(model, s.target)] = Provenance(s.statement, s.locator,
                                                      tuple((r.number, r.authors) for r in s.references))
    return found


def manuscript(name: str, engine: Engine | None = None) -> Manuscript:
    """Table 1 ("resources") or Table 2 ("relationships") with its cells' provenance."""
    engine = engine or open_engine()
    cells = table_cells(name, engine=engine)
    models = list(dict.fromkeys(c.model for c in cells))
    sources = provenance_by_cell(models, engine)
    found = origins(cells)
    notes: list[str] = []
    columns: list[str] = []
    rows: dict[str, list[ManuscriptCell]] = {}
    for cell in cells:
        if cell.column_label not in columns:
            columns.append(cell.column_label)
        source = sources.get((cell.model, cell.column))
        hedge = _hedge(cell)
        origin = found[cell.model_label]
        if source is not None and (hedge or origin.added):  # an added row's note names its own source
            locator = f"{origin.name}: {source.locator}" if origin.added else source.locator
            source = Provenance(source.statement, locator, source.references, hedge)
        note = None
        if source is not None:
            if source.text() not in notes:
                notes.append(source.text())
            note = notes.index(source.text()) + 1
        rows.setdefault(cell.model_label, []).append(ManuscriptCell(
            cell.model, cell.model_label, cell.column_label, KINDS[cell.value], source, note))
    return Manuscript(name, caption(name, found), columns, list(rows.items()), notes, LEGEND + added_note(found), found)


def write(table: Manuscript, fmt: str) -> bytes:
    """The table in `fmt` (a key of `roto.render.formats.MANUSCRIPT_FORMATS`) as the bytes of a file."""
    import importlib

    module = importlib.import_module(f"{__name__}.{fmt}")
    return module.write(table)
