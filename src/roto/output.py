"""Render rows of text for people (aligned text, Markdown) and for programs (CSV, TSV, JSON)."""

from __future__ import annotations

import csv
import io
import json

ROW_FORMATS = ("text", "csv", "tsv", "markdown", "json")


def render_rows(headers: list[str], rows: list[list[str]], fmt: str) -> str:
    """`rows` as one string in `fmt`; JSON is a list of objects keyed by header."""
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "markdown":
        escape = lambda cell: cell.replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(map(escape, headers)) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(map(escape, row)) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "text":
        widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
        line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"
    raise ValueError(f"unknown format {fmt!r}")
