"""Run pySHACL on a copy of the data (the caller's graph is never touched), with each
SHACL-SPARQL query parsed once, and describe its report as `Result`s."""

from __future__ import annotations

import functools

from rdflib import Graph
from rdflib.namespace import RDF, SH

from ..errors import RotoError
from .data import Origins
from .results import SEVERITIES, Report, describe


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


def validate(data: Graph, shapes: Graph, origins: Origins | None = None, shapes_name: str = "shapes") -> Report:
    """Validate a copy of `data` against `shapes`; warnings and infos do not break conformance."""
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
    results = [describe(graph, r, copy, shapes, origins or Origins()) for r in graph.subjects(RDF.type, SH.ValidationResult)]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results.sort(key=lambda r: (order[r.severity], r.focus_name, r.property or "", r.value_name or ""))
    return Report(bool(conforms), results, graph)
