"""Options shared by several commands, defined once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_format(parser, choices: tuple[str, ...], default: str) -> None:
    parser.add_argument("-f", "--format", choices=choices, default=default,
                        help=f"output format (default: {default})")


def add_output(parser, help: str = "write to FILE (replaced in one step) instead of standard output",
               metavar: str = "FILE", required: bool = False) -> None:
    """`-o/--output`, the one name of every file or folder a command writes; `--out`, its
    old name in `plot`, `site` and `build`, still works, hidden, with a warning."""
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("-o", "--output", type=Path, metavar=metavar, help=help)
    group.add_argument("--out", type=Path, dest="output", action=_Deprecated, help=argparse.SUPPRESS)


class _Deprecated(argparse.Action):
    """An old option name: it still sets its value, and says which name to use instead."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"roto: warning: {option_string} is deprecated; use -o/--output", file=sys.stderr)
        setattr(namespace, self.dest, values)


def emit(text: str | bytes, output: Path | None) -> None:
    """Print `text`, or write it to `output` atomically; bytes (a binary format) only to a file."""
    from ..errors import RotoError

    if output is None:
        if isinstance(text, bytes):
            raise RotoError("this format is binary: write it to a file with -o FILE") from None
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from ..files import cannot_write, write_atomic

    try:
        write_atomic(output, text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as exc:
        raise RotoError(cannot_write(output, exc)) from None


def add_engine(parser) -> None:
    """Options choosing where queries run (shared by every command that answers queries)."""
    parser.add_argument("--data", type=Path, action="append", default=[], metavar="FILE",
                        help="add this RDF file (.nq, .trig, .ttl, .nt, .jsonld, .rdf, .owl) to the graph queried: the "
                        "review's, or your project's (repeatable: every file is kept)")
    parser.add_argument("--replace-review", action="store_true",
                        help="query the --data files alone, without the review (or project) graph")
    parser.add_argument("--inferred", action="store_true",
                        help="also query the reasoner's conclusions (release/roto-inferred.nq, written by "
                        "`roto reason --save`): e.g. the models in each defined class")
    parser.add_argument("--endpoint", metavar="URL",
                        help="query a remote SPARQL endpoint instead (e.g. http://127.0.0.1:7878/query; it must "
                        "answer over the union of its named graphs, see `roto publish`)")


def add_answer_options(parser, formats: tuple[str, ...], default: str) -> None:
    """What every command answering from the graph offers: --format, -o FILE, and where the
    queries run (--data, --inferred, --endpoint)."""
    add_format(parser, formats, default)
    add_output(parser)
    add_engine(parser)


def engine_from_args(args):
    """The engine the options in `add_engine` ask for."""
    from ..engine import open_engine

    if args.endpoint:
        from ..errors import RotoError
        from ..remote import RemoteEngine

        if args.data or args.inferred or args.replace_review:
            raise RotoError("--endpoint queries a remote store and cannot be combined with --data or --inferred")
        return RemoteEngine(args.endpoint)

    return open_engine(args.data, args.inferred, args.replace_review)


def add_params(parser) -> None:
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind a parameter (repeatable); see `roto query --list` for each query's parameters")


def params_from_args(args) -> dict[str, str]:
    """`--param NAME=VALUE` options as a dict; a malformed or repeated one is bad input."""
    from ..errors import RotoError

    params: dict[str, str] = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise RotoError(f"--param {item!r}: write NAME=VALUE")
        if name.strip() in params:
            raise RotoError(f"--param {name.strip()!r} is given twice")
        params[name.strip()] = value
    return params
