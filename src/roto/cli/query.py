"""`roto query`: run a canned question from queries/ (or a quality check from queries/checks/)."""

from __future__ import annotations

from ..render.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from .common import add_answer_options, add_params, emit, engine_from_args, params_from_args

FORMATS = (*SOLUTION_FORMATS, *GRAPH_FORMATS)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "query", help="answer a canned question (roto query --list shows them)",
        description="Run a canned SPARQL query from queries/ over the whole graph, its parameters "
        "bound as RDF terms. Names under checks/ are quality checks: every row is a defect.",
        epilog="Exit codes: 0 answers found (a check found no defects); 1 nothing found (no rows, "
        "ASK false, an empty graph) or a check found defects; 2 bad input (unknown query or "
        "parameter, unknown value).")
    parser.add_argument("name", nargs="?", metavar="NAME",
                        help="the query, e.g. models-by-resource or checks/statement-without-locator")
    parser.add_argument("--list", action="store_true", help="list the canned queries with their parameters")
    add_params(parser)
    add_answer_options(parser, FORMATS, "table")
    parser.set_defaults(func=run_query)


def run_query(args) -> int:
    from ..errors import RotoError
    from ..queries import all_queries, get_query, run
    from ..render.sparql import render

    if args.list:
        emit(listing(all_queries()), args.output)
        return 0
    if not args.name:
        raise RotoError("name a query (roto query --list shows them)")
    query = get_query(args.name)
    result = run(engine_from_args(args), query, params_from_args(args))
    emit(render(result, args.format), args.output)
    is_check = query.name.startswith("checks/")
    return (1 if len(result) else 0) if is_check else (0 if len(result) else 1)


def listing(queries) -> str:
    """Each query's name and title, then its parameters with their defaults."""
    lines = []
    for name, query in queries.items():
        lines.append(f"{name}\n    {query.title}")
        for p in query.params:
            default = f" (default: {p.default})" if p.default else ""
            lines.append(f"    --param {p.name}=...  {p.description}{default}")
    return "\n".join(lines) + "\n"
