"""`roto build`: compile the authored review into the release files."""

from __future__ import annotations

from .common import add_output


def register(subparsers) -> None:
    parser = subparsers.add_parser("build", help="write the release files (ttl, owl, jsonld, nt, nq, trig)",
                                   description="Compile ontology/ and review/ (and, in a project, its models/) into the "
                                   "release files.",
                                   epilog="Exit codes: 0 written; 2 bad input (a mistake in review/, a folder "
                                   "that cannot be written).")
    add_output(parser, metavar="DIR",
               help="folder for the release files, replaced in one step; it may hold only release files "
               "(default: release/ of the project, or of a source checkout; outside a project, required when "
               "ROTO is installed)")
    parser.set_defaults(func=run_build)


def run_build(args) -> int:
    from ..assets import default_output
    from ..build.release import build
    from ..errors import RotoError
    from ..files import cannot_write
    from ..project import active
    from ..store import INFERRED_FILE

    project = active()
    out = args.output or (project.release if project else default_output("release", "pass -o DIR, a folder of your own"))
    try:
        written = build(out, project, store=args.output is None)  # a large project's on-disk store too
    except OSError as exc:
        raise RotoError(cannot_write(out, exc)) from None
    for path in written:
        print(path)
    if args.output is None and (project is None or (out / INFERRED_FILE).exists()):  # a project need not reason
        _note_stale_inferred()
    return 0


def _note_stale_inferred() -> None:
    """Building does not reason (no Java); say when the saved inferred graph no longer matches."""
    import sys

    from ..errors import RotoError
    from ..store import inferred_dataset

    try:
        inferred_dataset()
    except RotoError as exc:
        print(f"roto: note: {exc}", file=sys.stderr)
