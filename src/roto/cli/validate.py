"""`roto validate`: check the graph, or a researcher's additions to it, against the SHACL shapes."""

from __future__ import annotations

import sys
from pathlib import Path

from ..render.formats import REPORT_FORMATS
from . import keep_until_exit
from .common import add_format, add_output, emit


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate", help="check the graph (or your additions merged with it) against the SHACL shapes",
        description="Validate the built review graph, or DATA files merged with the ontology and the review, "
        "against ROTO's SHACL shapes (shapes/*.ttl). DATA may be TOML in the authoring form (a model "
        "file, with its own [source] and [references] if it is not from the review) or RDF: "
        "Turtle (.ttl), N-Triples (.nt), N-Quads (.nq), TriG (.trig), JSON-LD (.jsonld), RDF/XML (.rdf, .owl).",
        epilog="--changed, in a project: the whole graph is loaded, so every check sees every triple, but the "
        "constraints of each node (its counts, values and types) are checked only on the nodes of the files "
        "changed since the last --changed run that conformed (their sha256 is kept in .roto/validated.json, "
        "written only when a run conforms) and of the DATA files named (a model file of the project among them "
        "is checked as changed); what joins files (a name or id "
        "defined twice, the review's counts, reference lists, table cells, provenance) is checked whole. "
        "A file removed, roto.toml or an RDF file changed, another ROTO version, other shapes or no "
        "readable record mean a full validation, with a note; nothing changed means nothing to check. It "
        "does not re-check an unchanged file's nodes against the constraints of each node, which they met "
        "last time: the full run is the reference. "
        "In a project, each file's compiled triples are kept in .roto/compiled/ (named by what they are "
        "made from), so a run compiles only the files that changed; delete the folder to reclaim the space. "
        "Exit codes: 0 conforms (warnings and notes allowed), 1 does not conform, 2 bad input.")
    parser.add_argument("data", nargs="*", type=Path, metavar="DATA", help="files to check with the review")
    parser.add_argument("--shapes", type=Path, metavar="FILE", help="use the shapes in FILE instead of ROTO's")
    parser.add_argument("--engine", choices=("auto", "oxigraph", "pyshacl"), default="auto",
                        help="SHACL engine: oxigraph runs each constraint once over the whole graph; pyshacl is "
                        "the reference; auto (the default) is oxigraph, or pySHACL (with a note) for shapes "
                        "using a SHACL feature the oxigraph engine does not implement")
    parser.add_argument("--changed", action="store_true",
                        help="in a project: check only what changed since the last run that conformed (see below)")
    add_format(parser, REPORT_FORMATS, "text")
    add_output(parser)
    parser.set_defaults(func=run_validate)


def run_validate(args) -> int:
    from ..check import load_data, load_shapes, load_store, validate
    from ..project import active
    from ..render.report import render, summary

    project = active()  # a project without the review's models is not held to the review's counts
    with_review = project is None or project.review
    plan, files = _plan(args, project, with_review), None
    if plan is not None and not plan.everything and not plan.changed:
        from ..check.shacl import unchanged

        print("roto: note: no file changed since the last run that conformed: nothing to check", file=sys.stderr)
        report = unchanged()
    else:
        shapes = load_shapes(args.shapes, with_review=with_review)
        named = args.data
        if plan is not None and project is not None:  # a model file of the project named: checked, read once
            own = {path.resolve() for path in project.model_files()}
            named = [path for path in args.data if path.resolve() not in own]
        data, origins = (load_data if args.engine == "pyshacl" else load_store)(named)
        if plan is not None and not plan.everything:
            from ..check.data import shown

            files = {shown(path) for path in plan.changed}
            print(f"roto: note: checking what {len(files):,} changed file(s) describe "
                  f"({', '.join(sorted(files)[:3])}{', ...' if len(files) > 3 else ''})", file=sys.stderr)
        report = validate(data, shapes, origins, shapes_name=str(args.shapes or "shapes"), engine=args.engine,
                          files=files)
        keep_until_exit(data)  # 2-3 s to free at 10,000 models
    if report.fallback:
        print(f"roto: note: {report.fallback}", file=sys.stderr)
    if plan is not None and project is not None and report.conforms:
        from ..check.changes import write_record

        if (trouble := write_record(project, plan)) is not None:
            print(f"roto: note: {trouble}", file=sys.stderr)
    emit(render(report, args.format), args.output)
    if args.format != "text" or args.output is not None:
        print(summary(report), file=sys.stderr)
    return 0 if report.conforms else 1


def _plan(args, project, with_review: bool):
    """For --changed: what changed since the project's last run that conformed (None without --changed)."""
    if not args.changed:
        return None
    from ..check import changes
    from ..errors import RotoError

    if project is None:
        raise RotoError("--changed needs a project, where the record of the last run that conformed is kept "
                        "(make one with `roto init`, or name one with --project)")
    if args.engine == "pyshacl":
        raise RotoError("--changed runs on the oxigraph engine; --engine pyshacl validates everything "
                        "(leave out --changed)")
    plan = changes.plan(project, args.data, changes.basis(args.shapes, with_review))
    if plan.everything:
        print(f"roto: note: validating everything: {plan.why}", file=sys.stderr)
    return plan
