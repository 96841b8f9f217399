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
    from ..errors import RotoError
    from ..render.table_file import table_file

    fmt = table_format(args)
    if fmt in BINARY and args.output is None:
        raise RotoError(f"{fmt} is a binary format: write it to a file with -o FILE.{fmt}")
    emit(table_file(args.name, fmt, engine_from_args(args)), args.output)
    return 0
