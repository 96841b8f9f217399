"""`roto sparql`: any SPARQL 1.1 query over the whole graph, provenance included."""

from __future__ import annotations

from .common import add_answer_options, emit, engine_from_args
from .query import FORMATS


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sparql", help="run any SELECT, ASK, CONSTRUCT or DESCRIBE query",
        description="Run a SPARQL 1.1 query over every named graph at once (the default graph is their "
        "union; GRAPH reaches each). SERVICE is refused: nothing is fetched from the network.",
        epilog="Exit codes: 0 answers found; 1 nothing found (no rows, ASK false, an empty graph); "
        "2 bad input (malformed SPARQL, unreadable file).")
    parser.add_argument("query", metavar="QUERY|FILE|-", help="the query text, a file holding it, or - for standard input")
    add_answer_options(parser, FORMATS, "table")
    parser.set_defaults(func=run_sparql)


def run_sparql(args) -> int:
    from ..errors import RotoError
    from ..render.sparql import render

    source, text = read_query(args.query)
    try:
        result = engine_from_args(args).query(text)
    except RotoError as exc:
        raise RotoError(f"{source}: {exc}" if source else str(exc)) from None
    emit(render(result, args.format), args.output)
    return 0 if len(result) else 1


def read_query(argument: str) -> tuple[str | None, str]:
    """(where the query came from, its text): standard input, a file, or the argument itself."""
    import sys
    from pathlib import Path

    from ..errors import RotoError

    if argument == "-":
        return "<stdin>", sys.stdin.read()
    path = Path(argument)
    try:
        is_file = path.is_file()
    except OSError:  # e.g. a long query is too long for a file name
        is_file = False
    if not is_file and any(c in argument for c in "{ \n\t"):
        return None, argument
    try:
        return str(path), path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RotoError(f"{argument}: no such file (and not a SPARQL query)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RotoError(f"{argument}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
