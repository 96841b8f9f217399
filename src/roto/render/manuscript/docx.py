"""A review table as a Word document (python-docx, `roto-ontology[office]`): the caption,
the table, its legend and numbered notes, marks as superscript numbers in the cells."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from ...optional import office

FIXED_DATE = datetime(2014, 1, 1, tzinfo=UTC)  # no clock time in the file's properties


def _marked(paragraph, text: str, note: int | None) -> None:
    paragraph.add_run(text)
    if note:
        paragraph.add_run(str(note)).font.superscript = True


def write(table) -> bytes:
    docx = office("docx", "python-docx", "roto table --format docx")
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = FIXED_DATE
    document.core_properties.title = table.caption
    caption = document.add_paragraph()
    caption.add_run(table.caption).bold = True
    grid = document.add_table(rows=1 + len(table.rows), cols=1 + len(table.columns))
    grid.style = "Table Grid"
    for j, label in enumerate(["Model", *table.columns]):
        grid.cell(0, j).paragraphs[0].add_run(label).bold = True
    for i, (model, cells) in enumerate(table.rows, 1):
        grid.cell(i, 0).text = table.row_label(model)
        for j, cell in enumerate(cells, 1):
            paragraph = grid.cell(i, j).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _marked(paragraph, cell.shown, cell.note)
    document.add_paragraph(table.legend).runs[0].font.size = Pt(8)
    for n, text in enumerate(table.notes, 1):
        paragraph = document.add_paragraph()
        mark = paragraph.add_run(str(n))
        mark.font.superscript = True
        paragraph.add_run(" " + text).font.size = Pt(8)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
