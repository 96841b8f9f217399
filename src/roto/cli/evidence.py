"""`roto evidence`: what the review says about a model, where it says it, and what it cites."""

from __future__ import annotations

from .common import add_answer_options, emit, engine_from_args


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evidence", help="the statements about a model, with locators and cited references",
        description="Each statement the review makes about MODEL (or only the one about FEATURE), with "
        "where in the review it is made, the numbered references it cites, and the review's hedges on it "
        "(each with the references cited for the hedge) and the other models of a joint claim.",
        epilog="Exit codes: 0 statements found; 1 none (e.g. the review says nothing about that model's "
        "expertise); 2 bad input (an unknown or ambiguous model or feature).")
    parser.add_argument("model", metavar="MODEL", help="a model: label, local id, or an unambiguous prefix or word of the label")
    parser.add_argument("feature", nargs="?", metavar="FEATURE",
                        help="a resource type, a relationship type, reciprocity or expertise")
    add_answer_options(parser, ("table", "csv", "tsv", "json"), "table")
    parser.add_argument("--no-wrap", dest="wrap", action="store_false",
                        help="one line per statement however wide (the table is wrapped to the terminal's width "
                        "only when printed to a terminal)")
    parser.set_defaults(func=run_evidence)


def run_evidence(args) -> int:
    import json
    import shutil
    import sys

    from ..evidence import evidence
    from ..qualifiers import hedge_json
    from ..render.rows import render_rows

    found = evidence(args.model, args.feature, engine_from_args(args))
    if args.format == "json":
        text = json.dumps([{"statement": s.statement, "claim": s.claim, "locator": s.locator,
                            "references": [{"number": r.number, "authors": r.authors} for r in s.references],
                            "qualifier": s.qualifier, "hedges": [hedge_json(h) for h in s.hedges],
                            "nuance": s.nuance, "joint_with": list(s.joint_with)} for s in found],
                          indent=2, ensure_ascii=False) + "\n"
    else:
        fmt = "text" if args.format == "table" else args.format
        cited = lambda s: "; ".join(f"{r.number} ({r.authors})" if r.authors else str(r.number) for r in s.references)  # noqa: E731
        rows = [[s.statement, s.claim, s.locator, cited(s), s.qualification] for s in found]
        wrap = args.wrap and fmt == "text" and args.output is None and sys.stdout.isatty()
        text = render_rows(["statement", "claim", "locator", "references", "qualification"], rows, fmt,
                           shutil.get_terminal_size().columns if wrap else None)
    if not found and args.feature and args.format == "table":
        emit(f"not stated: the graph holds no statement about {args.model!r} on {args.feature!r}\n", args.output)
        return 1
    emit(text, args.output)
    if not found:
        print(f"roto: no statement about {args.model!r}{' on ' + repr(args.feature) if args.feature else ''} in the graph",
              file=sys.stderr)
    return 0 if found else 1
