"""The `roto` command: a thin layer over the library, one module per command group.

Every module in this package that defines `register(subparsers)` adds the command of its
own name, so a new command is a new file. Modules import heavy libraries inside their
handlers only, and a run imports and registers only the command it names (all of them for
`roto --help` or an unknown name), keeping the query commands' start-up close to a bare
pyoxigraph script's.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from .. import __version__
from ..errors import RotoError


def command_names() -> list[str]:
    """The commands: one module each in this package (os.listdir, not pkgutil: cheaper)."""
    names = (entry[:-3] for entry in os.listdir(__path__[0]) if entry.endswith(".py"))
    return sorted(name for name in names if not name.startswith("_") and name != "common")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `command` alone when it is one (the same parse)."""
    parser = argparse.ArgumentParser(
        prog="roto",
        description="ROTO: the review of resource-oriented therapeutic models in psychiatry "
        "(Priebe et al., Br J Psychiatry 2014) as an OWL knowledge graph.",
        epilog="Exit codes: 0 success or conforms, 1 does not conform or nothing found, 2 bad input.",
    )
    parser.add_argument("--version", action="version", version=f"roto {__version__}")
    # prog given: argparse would otherwise format a usage line to find it (and import shutil)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, prog="roto")
    names = command_names()
    for name in [command] if command in names else names:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    for name, sub in subparsers.choices.items():
        if name != "init":
            sub.add_argument("--project", type=Path, metavar="DIR",
                             help="work on the project in DIR (default: the one the working folder is in, "
                             "found upward as git does; outside a project, the review alone)")
    return parser


_KEPT: list[object] = []  # what the last run left to the process's end (`keep_until_exit`)


def keep_until_exit(value: object) -> None:
    """Leave `value` to the end of the process instead of freeing it when the command is done:
    the console script then exits without freeing anything (as clang's -disable-free does),
    which spares the seconds a large in-memory store takes to free, after the answer is out.
    A caller of `main()` gets it freed at its next run."""
    _KEPT.append(value)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of raising (except from --help)."""
    _KEPT.clear()
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # bare `roto`: the whole help, where a reader (or `| less`) sees it; exit 2 as
        build_parser().print_help()  # argparse does for a missing command, so `roto $EMPTY` still fails
        return 2
    args = build_parser(argv[0]).parse_args(argv)
    chosen = os.environ.get("ROTO_PROJECT")  # activate() sets it for this run (and the processes it starts)
    try:
        if args.command != "init":
            from ..project import activate

            activate(args.project)
        return args.func(args) or 0
    except RotoError as exc:
        print(f"roto: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        if chosen is None:
            os.environ.pop("ROTO_PROJECT", None)
        else:
            os.environ["ROTO_PROJECT"] = chosen


def run() -> None:
    """Console-script entry point."""
    code = main()
    if _KEPT:  # the output flushed, the process ends without freeing what the run kept
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a reader that went away (`| head`): nothing more to say
            pass
        os._exit(code)
    sys.exit(code)
