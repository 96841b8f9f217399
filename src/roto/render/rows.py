"""Render rows of text for people (aligned text, Markdown) and for programs (CSV, TSV, JSON)."""

from __future__ import annotations

import json


def render_rows(headers: list[str], rows: list[list[str]], fmt: str, width: int | None = None) -> str:
    """`rows` as one string in `fmt`; JSON is a list of objects keyed by header. Text
    with a `width` (a terminal's) has its widest columns wrapped to fit it."""
    if fmt == "json":
        return json.dumps([dict(zip(headers, row, strict=True)) for row in rows], indent=2, ensure_ascii=False) + "\n"
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
        return _aligned(headers, rows) if width is None else _wrapped(headers, rows, width)
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
    wrapped = [[part.rstrip() for part in textwrap.wrap(h, w)] or [""] for h, w in zip(headers, widths, strict=True)]
    depth = max(len(w) for w in wrapped)
    header_lines = [[w[j] if j < len(w) else "" for w in wrapped] for j in range(depth)]

    def line(cells):
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    body = [*map(line, header_lines), line(["-" * w for w in widths]), *map(line, rows)]
    return "\n".join(body) + "\n"


def _wrapped(headers: list[str], rows: list[list[str]], width: int, gap: int = 2) -> str:
    """Columns fitted to `width` characters: the widest column is narrowed first, none
    below its longest word (or 12), and each cell wraps onto as many lines as it needs."""
    import textwrap

    table = [list(map(str, headers)), *([str(c) for c in row] for row in rows)]
    natural = [max(len(r[i]) for r in table) for i in range(len(headers))]
    longest = [max((len(w) for r in table for w in r[i].split()), default=0) for i in range(len(headers))]
    room = width - gap * (len(headers) - 1)
    floor = [min(n, w) for n, w in zip(natural, longest, strict=True)]  # words kept whole where they fit...
    if sum(floor) > room:  # ...else cut too
        floor = [min(n, max(12, w // 2)) for n, w in zip(natural, longest, strict=True)]
    widths = natural[:]
    while sum(widths) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1

    def lines(cells):
        parts = [textwrap.wrap(c, w, break_on_hyphens=False) or [""] for c, w in zip(cells, widths, strict=True)]
        return ["  ".join(p[j].ljust(w) if j < len(p) else " " * w for p, w in zip(parts, widths, strict=True)).rstrip()
                for j in range(max(map(len, parts)))]

    body = [*lines(table[0]), "  ".join("-" * w for w in widths)]
    for row in table[1:]:
        body += lines(row)
    return "\n".join(body) + "\n"
