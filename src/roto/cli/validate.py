"""`roto validate`: check the graph, or a researcher's additions to it, against the SHACL shapes."""

from __future__ import annotations

import sys
from pathlib import Path

from ..render.formats import REPORT_FORMATS
from .common import add_format, add_output, emit


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate", help="check the graph (or your additions merged with it) against the SHACL shapes",
        description="Validate the built review graph, or DATA files merged with the ontology and the review, "
        "against ROTO's SHACL shapes (shapes/*.ttl). DATA may be TOML in the authoring form (a model "
        "file, with its own [source] and [references] if it is not from the review) or RDF: "
        "Turtle (.ttl), N-Triples (.nt), N-Quads (.nq), TriG (.trig), JSON-LD (.jsonld), RDF/XML (.rdf, .owl).",
        epilog="Exit codes: 0 conforms (warnings and notes allowed), 1 does not conform, 2 bad input.")
    parser.add_argument("data", nargs="*", type=Path, metavar="DATA", help="files to check with the review")
    parser.add_argument("--shapes", type=Path, metavar="FILE", help="use the shapes in FILE instead of ROTO's")
    parser.add_argument("--engine", choices=("auto", "oxigraph", "pyshacl"), default="auto",
                        help="SHACL engine: oxigraph runs each constraint once over the whole graph; pyshacl is "
                        "the reference; auto (the default) is oxigraph, or pySHACL (with a note) for shapes "
                        "using a SHACL feature the oxigraph engine does not implement")
    add_format(parser, REPORT_FORMATS, "text")
    add_output(parser)
    parser.set_defaults(func=run_validate)


def run_validate(args) -> int:
    from ..check import load_data, load_shapes, load_store, validate
    from ..project import active
    from ..render.report import render, summary

    project = active()  # a project without the review's models is not held to the review's counts
    shapes = load_shapes(args.shapes, with_review=project is None or project.review)
    data, origins = (load_data if args.engine == "pyshacl" else load_store)(args.data)
    report = validate(data, shapes, origins, shapes_name=str(args.shapes or "shapes"), engine=args.engine)
    if report.fallback:
        print(f"roto: note: {report.fallback}", file=sys.stderr)
    emit(render(report, args.format), args.output)
    if args.format != "text" or args.output is not None:
        print(summary(report), file=sys.stderr)
    return 0 if report.conforms else 1
