"""Options shared by several commands, defined once."""

from __future__ import annotations

import sys
from pathlib import Path


def add_format(parser, choices: tuple[str, ...], default: str) -> None:
    parser.add_argument("-f", "--format", choices=choices, default=default,
                        help=f"output format (default: {default})")


def add_output(parser) -> None:
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE (replaced in one step) instead of standard output")


def emit(text: str, output: Path | None) -> None:
    """Print `text`, or write it to `output` atomically."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from ..release import write_atomic

    write_atomic(output, text.encode("utf-8"))
