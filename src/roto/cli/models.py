"""`roto models`: find models by what the review says about them, without writing SPARQL."""

from __future__ import annotations

from .common import add_answer_options, emit, engine_from_args


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "models", help="list the models meeting every given condition",
        description="Filter the review's models. Conditions combine with AND; each value is matched by "
        "label, local id, or an unambiguous prefix or word of the label, case-insensitively (--relationship peers, "
        "--resource strengths). "
        "--not-resource and --not-relationship read the review's blank table cells. The hedges column shows the "
        "review's hedges on the statements the conditions matched (with the references cited for each hedge) "
        "and joint claims made about several models at once.",
        epilog="Exit codes: 0 models found; 1 no model meets the conditions; 2 bad input (an unknown or "
        "ambiguous value: the message lists the valid ones).")
    parser.add_argument("--resource", action="append", default=[], metavar="R", help="explicitly uses resource type R (Table 1)")
    parser.add_argument("--relationship", action="append", default=[], metavar="T",
                        help="explicitly uses relationship type T (Table 2)")
    parser.add_argument("--not-resource", action="append", default=[], metavar="R", help="the review's cell for R is blank")
    parser.add_argument("--not-relationship", action="append", default=[], metavar="T", help="the review's cell for T is blank")
    parser.add_argument("--reciprocity", metavar="VALUE", help="reciprocal or unidirectional")
    parser.add_argument("--expertise", metavar="VALUE",
                        help="patient, peers, everyone, therapist, or unstated (also \"not stated\": the source says nothing)")
    add_answer_options(parser, ("table", "csv", "tsv", "json"), "table")
    parser.set_defaults(func=run_models)


def run_models(args) -> int:
    import json

    from ..facets import models
    from ..qualifiers import hedge_json
    from ..render.rows import render_rows

    found = models(engine_from_args(args), resource=args.resource, relationship=args.relationship,
                   not_resource=args.not_resource, not_relationship=args.not_relationship,
                   reciprocity=args.reciprocity, expertise=args.expertise)
    if args.format == "json":
        text = json.dumps([{"id": m.id, "label": m.label, "iri": m.iri, "qualified": [
            {"matched": what, "statement": q.statement, "hedges": [hedge_json(h) for h in q.hedges],
             "joint_with": list(q.joint_with)} for what, q in m.qualified]} for m in found],
            indent=2, ensure_ascii=False) + "\n"
    else:
        fmt = "text" if args.format == "table" else args.format
        text = render_rows(["id", "label", "hedges"] if fmt == "text" else ["id", "label", "iri", "hedges"],
                           [[m.id, m.label, m.hedges] if fmt == "text" else [m.id, m.label, m.iri, m.hedges]
                            for m in found], fmt)
    emit(text, args.output)
    return 0 if found else 1
