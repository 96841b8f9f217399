"""`roto cite`: the review, ROTO, or the references a statement cites, for a reference manager."""

from __future__ import annotations

from .common import add_engine, add_output, emit, engine_from_args


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "cite", help="the review and ROTO (or the references a statement cites) as BibTeX, RIS or CSL-JSON",
        description="Write the review and ROTO itself as references; with --statement or --model, the numbered "
        "references of the review that a statement (or every statement about a model, or one feature of it) "
        "cites, as far as the review identifies them: the number and the authors it names, nothing more "
        "(complete them from the review's reference list).",
        epilog="Exit codes: 0 written; 1 the statements cite no reference; 2 bad input (an unknown statement, "
        "model or feature).")
    parser.add_argument("-f", "--format", choices=("bibtex", "ris", "csl-json"), default="bibtex",
                        help="output format (default: bibtex)")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--statement", metavar="ID",
                        help="a statement id as `roto evidence` prints it, e.g. open-dialogue/resource/decision-making")
    chosen.add_argument("--model", nargs="+", metavar=("MODEL", "FEATURE"),
                        help="a model (and optionally one feature: a resource or relationship type, reciprocity or "
                        "expertise): the references its statements cite")
    add_output(parser)
    add_engine(parser)
    parser.set_defaults(func=run_cite)


def run_cite(args) -> int:
    import sys

    from ..citation import WRITE, cited, review, roto
    from ..errors import RotoError

    engine = engine_from_args(args)
    if args.model and len(args.model) > 2:
        raise RotoError("--model takes a model and at most one feature")
    if args.statement or args.model:
        model, feature = [*args.model, None][:2] if args.model else (None, None)
        entries = cited(model, feature, args.statement, engine)
        if not entries:
            print("roto: those statements cite no numbered reference", file=sys.stderr)
            return 1
    else:
        entries = [review(engine), roto()]
    emit(WRITE[args.format](entries), args.output)
    return 0
