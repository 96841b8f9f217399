"""`roto compare` and `roto similar`: models side by side, and the models most like one."""

from __future__ import annotations

from .common import add_answer_options, emit, engine_from_args

FORMATS = ("text", "csv", "markdown", "json")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "compare", help="two or more models side by side, with the evidence and the differences marked",
        description="Every cell of Table 1 and Table 2, reciprocity and expertise for each MODEL, with the "
        "evidence behind each (where the source says it and the references it cites, in brackets); '*' marks "
        "a feature on which the models differ. A cell is used, blank (the source's empty cell: not used "
        "according to it) or unstated (the graph says neither).",
        epilog="Exit codes: 0 compared; 2 bad input (an unknown or ambiguous model, fewer than two models).")
    parser.add_argument("models", nargs="+", metavar="MODEL",
                        help="two or more models: label, local id, or a prefix or word of the label")
    add_answer_options(parser, FORMATS, "text")
    parser.set_defaults(func=run_compare)
    parser = subparsers.add_parser(
        "similar", help="the other models ranked by the table features they share with MODEL",
        description="Rank the other models by the Jaccard index of the Table 1 and Table 2 features they "
        "explicitly use: shared / (used by either), counted only over the features stated (used or blank) for "
        "both models; features either leaves unstated are listed as not comparable, never counted as agreement. "
        "Reciprocity and expertise are shown alongside (same or not), outside the score.",
        epilog="Exit codes: 0 ranked; 2 bad input (an unknown or ambiguous model).")
    parser.add_argument("model", metavar="MODEL", help="a model: label, local id, or an unambiguous prefix or word of the label")
    add_answer_options(parser, FORMATS, "text")
    parser.set_defaults(func=run_similar)


def run_compare(args) -> int:
    import json

    from ..comparison import compare
    from ..render.rows import render_rows

    features = compare(args.models, engine_from_args(args))
    labels = list(features[0].judgements)
    if args.format == "json":
        text = json.dumps([{"group": f.group, "feature": f.feature, "differs": f.differs,
                            "models": {m: {"value": j.value, "locator": j.locator, "references": list(j.references)}
                                       for m, j in f.judgements.items()}} for f in features],
                          indent=2, ensure_ascii=False) + "\n"
    else:
        headers = ["differs", "group", "feature", *labels]
        rows = [["*" if f.differs else "", f.group, f.feature,
                 *(f"{j.value} ({j.evidence()})" if j.evidence() else j.value for j in f.judgements.values())]
                for f in features]
        text = render_rows(headers, rows, args.format, _width(args))
    emit(text, args.output)
    return 0


def run_similar(args) -> int:
    import json

    from ..comparison import similar
    from ..render.rows import render_rows

    found = similar(args.model, engine_from_args(args))
    same = {True: "same", False: "different", None: "not stated"}
    if args.format == "json":
        text = json.dumps([{"model": s.label, "jaccard": s.score, "shared": list(s.shared), "only_mine": list(s.only_mine),
                            "only_theirs": list(s.only_theirs), "compared": s.compared,
                            "not_comparable": list(s.not_comparable), "reciprocity": same[s.same_reciprocity],
                            "expertise": same[s.same_expertise]} for s in found], indent=2, ensure_ascii=False) + "\n"
    else:
        headers = ["model", "jaccard", "shared", f"only {args.model}", "only them", "compared", "not comparable",
                   "reciprocity", "expertise"]
        rows = [[s.label, "n/a" if s.score is None else f"{s.score:.2f}", "; ".join(s.shared), "; ".join(s.only_mine),
                 "; ".join(s.only_theirs), str(s.compared), "; ".join(s.not_comparable),
                 same[s.same_reciprocity], same[s.same_expertise]] for s in found]
        text = render_rows(headers, rows, args.format, _width(args))
    emit(text, args.output)
    return 0


def _width(args) -> int | None:
    """The terminal's width when text goes to a terminal (wrapped to fit), else None."""
    import shutil
    import sys

    if args.format == "text" and args.output is None and sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None
