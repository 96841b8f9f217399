"""A review table as a standalone HTML page: the table, its legend and numbered notes
linked from the cells, each cell's kind in a `data-kind` attribute."""

from __future__ import annotations

from html import escape

from ..._version import __version__

STYLE = ("body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
         "table{border-collapse:collapse}caption{text-align:left;font-weight:bold;margin-bottom:.5rem}"
         "thead th{border-top:2px solid;border-bottom:1px solid}tbody tr:last-child td,tbody tr:last-child th"
         "{border-bottom:2px solid}th,td{padding:.2rem .5rem;vertical-align:top}td{text-align:center}"
         "tbody th{text-align:left;font-weight:normal}.notes{font-size:.85rem}")


def _cell(cell) -> str:
    mark = f'<sup><a href="#note-{cell.note}">{cell.note}</a></sup>' if cell.note else ""
    return f'<td data-kind="{cell.kind}" title="{escape(cell.column_label)}">{escape(cell.shown)}{mark}</td>'


def write(table) -> bytes:
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in ["Model", *table.columns])
    body = "\n".join(f'<tr><th scope="row">{escape(table.row_label(model))}</th>{"".join(map(_cell, cells))}</tr>'
                     for model, cells in table.rows)
    notes = "\n".join(f'<li id="note-{n}">{escape(text)}</li>' for n, text in enumerate(table.notes, 1))
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="roto {__version__}">
<title>{escape(table.caption)}</title>
<style>{STYLE}</style>
</head>
<body>
<table id="roto-{table.name}">
<caption>{escape(table.caption)}</caption>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
<div class="notes">
<p class="legend">{escape(table.legend)}</p>
<ol class="notes">
{notes}
</ol>
</div>
</body>
</html>
"""
    return page.encode("utf-8")
