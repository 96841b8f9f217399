"""One review table in any of `roto table`'s formats, as the text or bytes of a file: the
command writes it, the site offers it for download (`web/downloads.py`)."""

from __future__ import annotations

import json

from ..engine import Engine
from .formats import BINARY, MANUSCRIPT_FORMATS


def table_file(name: str, fmt: str, engine: Engine | None = None) -> str | bytes:
    """Table `name` in `fmt`: text for the row and text manuscript formats, bytes for docx and xlsx."""
    if fmt in MANUSCRIPT_FORMATS:
        from .manuscript import manuscript, write

        data = write(manuscript(name, engine), fmt)
        return data if fmt in BINARY else data.decode("utf-8")
    from ..tables import review_table
    from .rows import render_rows

    table = review_table(name, engine=engine)
    if fmt == "json":
        return json.dumps(table.to_json(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_rows(table.headers(with_notes=True), table.records(with_notes=True), "csv")
    text = render_rows(table.headers(), table.records(), fmt) + "\n" + table.footnotes(fmt)
    return f"{table.caption}\n\n{text}" if fmt in ("text", "markdown") else text
