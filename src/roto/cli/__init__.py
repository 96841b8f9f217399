"""The `roto` command: a thin layer over the library, one module per command group.

Every module in this package that defines `register(subparsers)` adds its commands, so a
new command group is a new file. Modules import heavy libraries inside their handlers
only, keeping `roto --help` and the query commands fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from .. import __version__
from ..errors import RotoError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roto",
        description="ROTO: the review of resource-oriented therapeutic models in psychiatry "
        "(Priebe et al., Br J Psychiatry 2014) as an OWL knowledge graph.",
        epilog="Exit codes: 0 success or conforms, 1 does not conform or nothing found, 2 bad input.",
    )
    parser.add_argument("--version", action="version", version=f"roto {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("_") or module.name == "common":
            continue
        importlib.import_module(f"{__name__}.{module.name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of raising (except from --help)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except RotoError as exc:
        print(f"roto: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
