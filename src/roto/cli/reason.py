"""`roto reason`: run HermiT over the review (plus an extension) and report what follows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..reason.partitions import JAVA_MEMORY, MODELS_PER_RUN
from .common import add_format, add_output, emit


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "reason", help="run the HermiT reasoner: consistency, inferred classes, clashes",
        description="Run HermiT (the jar owlready2 installs; needs Java) over the review graph, or the review plus "
        "a researcher's extension (authoring-form TOML, or RDF: Turtle, RDF/XML, N-Triples, N-Quads, TriG, JSON-LD). "
        "Reports whether it is "
        "consistent and each model's inferred classes, or names a minimal set of statements that clash. "
        "--format turtle gives the inferred triples; trig gives everything reasoned over plus the inferred "
        "graph, which `roto sparql --data FILE` can query. Exit codes: 0 consistent, 1 inconsistent, 2 bad input.")
    parser.add_argument("data", nargs="*", type=Path, metavar="DATA",
                        help="extension files (.toml, .ttl, .rdf, .owl, .nt, .nq, .trig, .jsonld) to reason over with the review")
    add_format(parser, ("text", "turtle", "trig", "json"), "text")
    add_output(parser)
    parser.add_argument("--save", action="store_true",
                        help="also write release/roto-inferred.nq (of the project, in one), the inferred graph that "
                        "`--inferred` queries read (no DATA files)")
    parser.add_argument("--java-memory", type=_megabytes, default=JAVA_MEMORY, metavar="MB",
                        help=f"the Java heap each HermiT run may use (default: {JAVA_MEMORY}); needing more is an error")
    parser.add_argument("--models-per-run", type=_count, default=MODELS_PER_RUN, metavar="N",
                        help="a graph of more models is reasoned over N models at a time, when that gives the "
                        f"same conclusions (default: {MODELS_PER_RUN}; see roto/reason/partitions.py)")
    parser.set_defaults(func=run_reason)


def _megabytes(text: str) -> int:
    return _at_least(text, 8, "megabytes")


def _count(text: str) -> int:
    return _at_least(text, 1, "models")


def _at_least(text: str, least: int, what: str) -> int:
    import argparse

    if not text.isdigit() or int(text) < least:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of {what}, at least {least}")
    return int(text)


def run_reason(args) -> int:
    from ..errors import RotoError
    from ..loader import load
    from ..reason.reasoning import reason

    if args.save and args.data:
        raise RotoError("--save writes the review's own inferred graph: give no DATA files with it")
    saved = _save_path() if args.save else None
    extended = load(args.data)
    result = reason(extended, args.models_per_run, args.java_memory)
    if saved and result.consistent:
        _save(result, saved)
    if args.format in ("turtle", "trig"):
        if not result.consistent:
            sys.stderr.write(_text(result))
            return 1
        graph = result.inferred if args.format == "turtle" else result.dataset(extended)
        emit(graph.serialize(format=args.format), args.output)
    elif args.format == "json":
        emit(json.dumps(_json(result), indent=2, ensure_ascii=False) + "\n", args.output)
    else:
        emit(_text(result), args.output)
    return 0 if result.consistent else 1


def _save_path() -> Path:
    """Where --save writes, checked before reasoning: never inside an installed package."""
    from ..assets import default_output
    from ..project import active
    from ..store import INFERRED_FILE

    project = active()
    if project is not None:
        return project.release / INFERRED_FILE
    return default_output("release", "write the inferred graph to a file of your own with "
                          "`roto reason --format turtle -o FILE` instead of --save") / INFERRED_FILE


def _save(result, path: Path) -> None:
    from ..errors import RotoError
    from ..files import cannot_write, write_atomic
    from ..reason.reasoning import inferred_nquads
    from ..store import built_dataset, prebuild_release

    try:
        write_atomic(path, inferred_nquads(result, built_dataset()))
    except OSError as exc:
        raise RotoError(cannot_write(path, exc)) from None
    print(f"wrote {path}", file=sys.stderr)
    prebuild_release(inferred=True)  # what `roto serve` and `--inferred` open


def _text(result) -> str:
    if not result.consistent:
        lines = ["Inconsistent: these statements cannot all hold (a minimal clash, "
                 f"found with {result.runs} HermiT runs):"]
        lines += [f"  - {unit.describe()}" for unit in result.clash]
        lines.append("They clash under the ontology's axioms (ontology/*.ttl)." if result.clash
                     else "  - the ontology's axioms alone, with no statement added")
        return "\n".join(lines) + "\n"
    lines = [f"Consistent: yes. {len(result.inferred)} inferred triples "
             f"(named graph {result.inferred.identifier}).", ""]
    if result.unsatisfiable:
        lines.append("Unsatisfiable classes: " + ", ".join(result.label(c) for c in result.unsatisfiable))
    lines.append("Inferred classes of each model:")
    for model, classes in result.models.items():
        lines.append(f"  {result.label(model)}: " + ("; ".join(result.label(c) for c in classes) or "(none)"))
    return "\n".join(lines) + "\n"


def _json(result) -> dict:
    def named(iri: str) -> dict:
        return {"iri": iri, "label": result.label(iri)}

    return {
        "consistent": result.consistent,
        "inferred_graph": str(result.inferred.identifier),
        "inferred_triples": len(result.inferred),
        "models": [{**named(m), "inferred_classes": [named(c) for c in classes]} for m, classes in result.models.items()],
        "unsatisfiable_classes": [named(c) for c in result.unsatisfiable],
        "clash": [{"text": u.text, "origin": u.origin, "statement_id": u.statement_id, "located_in": list(u.where)}
                  for u in result.clash],
        "hermit_runs": result.runs,
    }
