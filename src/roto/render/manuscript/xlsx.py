"""A review table as an Excel workbook (openpyxl, `roto-ontology[office]`): the table on
the first sheet, one row per cell with its kind and provenance on a second sheet."""

from __future__ import annotations

import io

from ...framework import TABLES
from ...optional import office
from .docx import FIXED_DATE

PROVENANCE = ["model", "column", "kind", "shown", "note", "statement", "locator", "references", "authors as cited",
              "hedge"]


def write(table) -> bytes:
    openpyxl = office("openpyxl", "openpyxl", "roto table --format xlsx")
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED_DATE.replace(tzinfo=None)
    sheet = book.active
    sheet.title = TABLES[table.name].label
    sheet.append([table.caption])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Model", *table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for model, cells in table.rows:
        sheet.append([table.row_label(model), *(c.shown + (f" [{c.note}]" if c.note else "") for c in cells)])
    sheet.append([])
    sheet.append([table.legend])
    for n, text in enumerate(table.notes, 1):
        sheet.append([f"[{n}] {text}"])
    sheet.column_dimensions["A"].width = 30
    sheet.freeze_panes = "B3"
    notes = book.create_sheet("Provenance")
    notes.append(PROVENANCE)
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for c in table.cells():
        p = c.provenance
        notes.append([c.model_label, c.column_label, c.kind, c.shown, c.note,
                      p.statement if p else None, p.locator if p else None,
                      ", ".join(str(n) for n, _ in p.references) if p else None,
                      "; ".join(f"{n}: {a}" for n, a in p.references if a) if p else None,
                      p.hedge if p else None])
    notes.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
