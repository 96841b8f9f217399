"""What to check against: ROTO's shapes, or a researcher's shapes file checked to be SHACL
(SHACL-for-SHACL, and SPARQL constraints that parse and reach neither the network nor other
graphs) before anything is validated against it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

from ..assets import asset_dir
from ..errors import RotoError
from ..loader import parse_file, rdflib_graph
from .data import shown
from .results import compact

REVIEW_SHAPES = "review.ttl"


def load_shapes(path: Path | None = None, with_review: bool = True) -> Graph:
    """ROTO's shapes (every shapes/*.ttl), or the shapes in `path`, checked to be SHACL.

    `with_review=False` leaves out shapes/review.ttl, the counts of the review's own
    content, for graphs that do not hold the review.
    """
    shapes = Graph()
    if path is None:
        for file in sorted(asset_dir("shapes").glob("*.ttl")):
            if with_review or file.name != REVIEW_SHAPES:
                shapes += rdflib_graph(parse_file(file))
        return shapes
    shapes = rdflib_graph(parse_file(Path(path)), path)
    _check_is_shacl(shapes, Path(path))
    return shapes


def _check_is_shacl(shapes: Graph, path: Path) -> None:
    """A shapes file must hold shapes, and conform to the W3C SHACL-for-SHACL shapes."""
    from importlib.resources import files

    import pyshacl

    if not any(str(p).startswith(str(SH)) for p in shapes.predicates()) and \
            not any(str(o).startswith(str(SH)) for o in shapes.objects(None, RDF.type)):
        raise RotoError(f"{shown(path)}: not a SHACL shapes file (no sh: shapes, targets or constraints in it)")
    meta = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
    conforms, report, _ = pyshacl.validate(shapes, shacl_graph=meta)
    if not conforms:
        result = next(iter(report.subjects(RDF.type, SH.ValidationResult)))
        where = report.value(result, SH.resultPath) or report.value(result, SH.focusNode)
        raise RotoError(f"{shown(path)}: not valid SHACL: {compact(where)}: {report.value(result, SH.resultMessage)}")
    _check_queries(shapes, path)


def _check_queries(shapes: Graph, path: Path) -> None:
    """Every SHACL-SPARQL query must parse (SHACL-for-SHACL does not read query text), and
    use neither SERVICE (rdflib would fetch it) nor GRAPH (pySHACL checks one graph)."""
    from rdflib.plugins.sparql import prepareQuery

    declared = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                       for d in set(shapes.objects(None, SH.declare)))
    for query in [*shapes.objects(None, SH.select), *shapes.objects(None, SH.ask)]:
        try:
            prepared = prepareQuery(declared + str(query))
        except Exception as exc:  # pyparsing and rdflib raise several kinds
            message = " ".join(str(exc).split())
            raise RotoError(f"{shown(path)}: not valid SHACL: a SPARQL query does not parse: {message}") from None
        refused = _patterns(prepared.algebra) & {"ServiceGraphPattern", "Graph"}
        if refused:
            keyword = "SERVICE" if "ServiceGraphPattern" in refused else "GRAPH"
            raise RotoError(f"{shown(path)}: a SHACL-SPARQL query uses {keyword}, which ROTO's shapes may not "
                            "(no query reaches the network; the data is checked as one graph)")


def _patterns(algebra) -> set[str]:
    """The names of every part of a parsed query's algebra (walked without recursion)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    names, todo = set(), [algebra]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            todo.extend(node.values())
        elif isinstance(node, (list, tuple)):
            todo.extend(node)
    return names
