"""`roto table`: the review's Table 1 and Table 2, regenerated from the graph."""

from __future__ import annotations

from ..framework import TABLES
from ..render.formats import BINARY, MANUSCRIPT_FORMATS, ROW_FORMATS, TABLE_SUFFIXES
from .common import add_engine, add_output, emit, engine_from_args

TEXT_FORMATS = tuple(f for f in ROW_FORMATS if f != "tsv")


def register(subparsers) -> None:
    parser = subparsers.add_parser("table", help="print Table 1 (resources) or Table 2 (relationships)",
                                   description="Regenerate one of the review's tables from the graph by SPARQL, for a "
                                   "terminal (text), a program (csv, json), or a manuscript (markdown, latex, html, docx, "
                                   "xlsx). A blank cell (the review's negative assertion) and an unstated one (the graph "
                                   "says neither) are told apart in every format; a cell the review's text hedges, "
                                   "or makes a joint claim of, carries a note mark [n] explained below the table "
                                   "(text, markdown), in a notes column (csv) or in each row's notes (json); the "
                                   "manuscript formats give each cell's provenance as numbered notes (xlsx on a second "
                                   "sheet).",
                                   epilog="Exit codes: 0 the table is printed (with no rows when the graph holds no "
                                   "models); 2 bad input (an unreadable --data file, an unreachable --endpoint, a "
                                   "binary format (docx, xlsx) asked for on standard output).")
    parser.add_argument("name", choices=tuple(TABLES),
                        help=", ".join(f"{name} = {table.label}" for name, table in TABLES.items()))
    parser.add_argument("-f", "--format", choices=(*TEXT_FORMATS, *MANUSCRIPT_FORMATS),
                        help="output format (default: from the suffix of -o FILE (" + " ".join(TABLE_SUFFIXES)
                        + "), else text); docx and xlsx need `pip install 'roto-ontology[office]'`")
    add_output(parser)
    add_engine(parser)
    parser.set_defaults(func=run_table)


def table_format(args) -> str:
    """--format, or the format the suffix of -o FILE names, or text."""
    if args.format:
        return args.format
    return TABLE_SUFFIXES.get(args.output.suffix.lower(), "text") if args.output else "text"


def run_table(args) -> int:
    import json

    from ..errors import RotoError

    fmt = table_format(args)
    if fmt in BINARY and args.output is None:
        raise RotoError(f"{fmt} is a binary format: write it to a file with -o FILE.{fmt}")
    if fmt in MANUSCRIPT_FORMATS:
        from ..render.manuscript import manuscript, write

        data = write(manuscript(args.name, engine_from_args(args)), fmt)
        emit(data if fmt in BINARY else data.decode("utf-8"), args.output)
        return 0
    from ..render.rows import render_rows
    from ..tables import review_table

    table = review_table(args.name, engine=engine_from_args(args))
    if fmt == "json":
        text = json.dumps(table.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        text = render_rows(table.headers(with_notes=True), table.records(with_notes=True), "csv")
    else:
        text = render_rows(table.headers(), table.records(), fmt) + "\n" + table.footnotes(fmt)
        if fmt == "text":
            text = f"{table.caption}\n\n{text}"
    emit(text, args.output)
    return 0
