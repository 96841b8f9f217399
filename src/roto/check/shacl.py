"""Run SHACL and describe its report as `Result`s: by default ROTO's compiled engine on
pyoxigraph (`roto.check.compiled`, `roto.check.engine`: one query per constraint over the
whole graph), pySHACL where the shapes use a feature that engine does not implement, or on
request. pySHACL runs on a copy of the data (the caller's graph is never touched), with each
SHACL-SPARQL query parsed once."""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import astuple
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import RDF, SH

from ..errors import RotoError
from .data import Origins
from .results import SEVERITIES, Report, describe

if TYPE_CHECKING:
    from .store_data import StoreData


class _QueryOnceGraph(Graph):
    """pySHACL runs each SPARQL constraint once per focus node, re-parsing its text each
    time; parsing is most of the cost, so parse each distinct text once."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=256)
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


ENGINES = ("auto", "oxigraph", "pyshacl")


def validate(data: Graph | StoreData, shapes: Graph, origins: Origins | None = None, shapes_name: str = "shapes",
             engine: str = "auto", files: Collection[str] | None = None) -> Report:
    """Validate `data` (an rdflib Graph, or `load_store()`'s) against `shapes`; warnings and
    infos do not break conformance.

    `engine`: "oxigraph" (the compiled engine; shapes it cannot run are refused), "pyshacl",
    or "auto": the compiled engine, else pySHACL, the report's `fallback` saying why.
    `files`: check only what these files (as `origins` names them) describe, in the whole
    graph (`roto.check.changes` says what that promises); pySHACL checks everything.
    """
    from .store_data import StoreData

    fallback = None
    if engine != "pyshacl":
        from .compiled import Unsupported, compile_shapes
        from .engine import changed_nodes, report

        try:
            checks = compile_shapes(shapes)
            held = data if isinstance(data, StoreData) else StoreData(data)
            if held.merged:
                raise Unsupported(f"data giving one property {held.merged}")
            allowed = None if files is None else changed_nodes(held, origins or Origins(), files)
            conforms, graph = report(held, checks, shapes, allowed)
            return _described(conforms, graph, held, shapes, origins)
        except Unsupported as exc:
            if engine == "oxigraph":
                raise RotoError(f"{shapes_name}: the oxigraph engine does not implement {exc} "
                                "(--engine pyshacl does)") from None
            what = str(exc) if str(exc).startswith("data ") else f"{shapes_name} using {exc}"
            fallback = f"the oxigraph engine does not implement {what}: validated with pySHACL" + \
                (", everything" if files is not None else "")
    ran = _pyshacl(data.graph() if isinstance(data, StoreData) else data, shapes, shapes_name)
    described = _described(*ran, shapes, origins)
    described.fallback = fallback
    return described


def unchanged() -> Report:
    """The report of a run with nothing to check (`roto.check.changes`): it conforms."""
    from rdflib import BNode, Literal

    graph = Graph()
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(True)))
    return Report(True, [], graph)


def _described(conforms: bool, graph: Graph, data: Graph | StoreData, shapes: Graph, origins: Origins | None) -> Report:
    results = [describe(graph, r, data, shapes, origins or Origins()) for r in graph.subjects(RDF.type, SH.ValidationResult)]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    # Ties broken by every other field, so that the order is the same whichever engine ran.
    results.sort(key=lambda r: (order[r.severity], r.focus_name, r.property or "", r.value_name or "",
                                *(str(f or "") for f in astuple(r))))
    return Report(bool(conforms), results, graph)


def _pyshacl(data: Graph, shapes: Graph, shapes_name: str) -> tuple[bool, Graph, Graph]:
    """(conforms, report graph, the copy validated) from pySHACL."""
    import pyshacl
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

    copy = _QueryOnceGraph()
    for triple in data:
        copy.add(triple)
    try:
        # advanced: SHACL-AF SPARQL targets (shapes/*.ttl select violators in one query);
        # inplace: validate `copy` itself, whose query cache a clone would lose.
        conforms, graph, _ = pyshacl.validate(copy, shacl_graph=shapes, inference="none", advanced=True, inplace=True,
                                              allow_warnings=True, allow_infos=True, do_owl_imports=False)
    except (ConstraintLoadError, ShapeLoadError, ReportableRuntimeError) as exc:
        message = " ".join(str(getattr(exc, "message", exc)).split())
        raise RotoError(f"{shapes_name}: not valid SHACL: {message}") from None
    return bool(conforms), graph, copy
