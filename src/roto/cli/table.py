"""`roto table`: the review's Table 1 and Table 2, regenerated from the graph."""

from __future__ import annotations

from ..output import ROW_FORMATS
from .common import add_answer_options, emit, engine_from_args


def register(subparsers) -> None:
    parser = subparsers.add_parser("table", help="print Table 1 (resources) or Table 2 (relationships)",
                                   description="Regenerate one of the review's tables from the graph by SPARQL. "
                                   "A blank cell (the review's negative assertion) and an unstated one (the graph "
                                   "says neither) are told apart in every format; a cell the review's text hedges, "
                                   "or makes a joint claim of, carries a note mark [n] explained below the table "
                                   "(text, markdown), in a notes column (csv) or in each row's notes (json).",
                                   epilog="Exit codes: 0 the table is printed (with no rows when the graph holds no "
                                   "models); 2 bad input (an unreadable --data file, an unreachable --endpoint).")
    parser.add_argument("name", choices=("resources", "relationships"),
                        help="resources = Table 1, relationships = Table 2")
    add_answer_options(parser, tuple(f for f in ROW_FORMATS if f != "tsv"), "text")
    parser.set_defaults(func=run_table)


def run_table(args) -> int:
    import json

    from ..output import render_rows
    from ..tables import review_table

    table = review_table(args.name, engine=engine_from_args(args))
    if args.format == "json":
        text = json.dumps(table.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "csv":
        text = render_rows(table.headers(with_notes=True), table.records(with_notes=True), "csv")
    else:
        text = render_rows(table.headers(), table.records(), args.format) + "\n" + table.footnotes(args.format)
        if args.format == "text":
            text = f"{table.caption}\n\n{text}"
    emit(text, args.output)
    return 0
