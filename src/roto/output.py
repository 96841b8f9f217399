"""Render rows of text for people (aligned text, Markdown) and for programs (CSV, TSV, JSON)."""

from __future__ import annotations

import json

ROW_FORMATS = ("text", "csv", "tsv", "markdown", "json")


def render_rows(headers: list[str], rows: list[list[str]], fmt: str) -> str:
    """`rows` as one string in `fmt`; JSON is a list of objects keyed by header."""
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt in ("csv", "tsv"):
        import csv
        import io

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
        return _aligned(headers, rows)
    raise ValueError(f"unknown format {fmt!r}")


def _aligned(headers: list[str], rows: list[list[str]], min_width: int = 12) -> str:
    """Columns padded to line up; long headers wrap onto several lines to keep tables narrow."""
    import textwrap

    headers = [h.replace("/", "/ ") for h in headers]  # let "a/b" break after the slash
    widths = []
    for i, header in enumerate(headers):
        cells = max((len(str(row[i])) for row in rows), default=0)
        longest_word = max((len(w) for w in header.split()), default=0)
        widths.append(max(cells, longest_word, min(len(header), min_width)))
    wrapped = [[part.rstrip() for part in textwrap.wrap(h, w)] or [""] for h, w in zip(headers, widths)]
    depth = max(len(w) for w in wrapped)
    header_lines = [[w[j] if j < len(w) else "" for w in wrapped] for j in range(depth)]

    def line(cells):
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

    body = [*map(line, header_lines), line(["-" * w for w in widths]), *map(line, rows)]
    return "\n".join(body) + "\n"
