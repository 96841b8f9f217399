"""`roto diff`: what changed in the graph between two builds, by kind of statement."""

from __future__ import annotations

from pathlib import Path

from .common import add_output, emit


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "diff", help="statements added and removed between two builds, by kind (CHANGELOG.md's summaries)",
        description="Compare two builds of the graph: release files (roto.nq, roto.nt, roto.ttl, ...) or git:REV, "
        "the committed release/roto.nq of a git revision of this checkout, or `none` (no statements). Prints "
        "the statements added and removed, counted by kind (predicate; rdf:type with its class), as Markdown or "
        "JSON. With --changelog FILE, computes again every summary of a changelog (CHANGELOG.md) in place.",
        epilog="Exit codes: 0 the same graph (or the changelog written); 1 the graphs differ; 2 bad input (an "
        "unreadable file, an unknown revision).")
    parser.add_argument("old", metavar="OLD", nargs="?", help="the earlier build: a file, git:REV or none")
    parser.add_argument("new", metavar="NEW", nargs="?", help="the later build: a file or git:REV")
    parser.add_argument("--changelog", type=Path, metavar="FILE",
                        help="rewrite the generated summaries of FILE (between <!-- roto diff OLD NEW --> and "
                        "<!-- end roto diff -->) instead of comparing OLD and NEW")
    parser.add_argument("-f", "--format", choices=("markdown", "json"), default="markdown",
                        help="output format (default: markdown)")
    add_output(parser)
    parser.set_defaults(func=run_diff)


def run_diff(args) -> int:
    import json
    from dataclasses import asdict

    from ..assets import asset_dir
    from ..errors import RotoError
    from ..graph_diff import diff, markdown, read_build, refresh_changelog

    checkout = asset_dir("release").parent
    if args.changelog is not None:
        if args.old or args.new:
            raise RotoError("give either OLD and NEW or --changelog FILE, not both")
        try:
            text = args.changelog.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RotoError(f"{args.changelog}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        emit(refresh_changelog(text, checkout), args.changelog)
        return 0
    if not (args.old and args.new):
        raise RotoError("give two builds to compare (OLD NEW), or --changelog FILE")
    changes = diff(read_build(args.old, checkout), read_build(args.new, checkout))
    if args.format == "json":
        text = json.dumps([asdict(c) for c in changes], indent=2) + "\n"
    else:
        text = markdown(changes, args.old, args.new)
    emit(text, args.output)
    return 1 if changes else 0
