"""Check the knowledge graph, or a researcher's additions merged with it, against SHACL shapes.

`load_data()` gathers what to check: the review plus any TOML files in the authoring form and
RDF files (read by `loader`, as every command reads them), remembering which file each
statement came from.
`validate()` runs pySHACL on a copy of that graph (the caller's graph is never touched) and
turns the W3C validation report into `Result`s that name nodes and properties in words.

>>> SEVERITIES
('Violation', 'Warning', 'Info')
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from .assets import asset_dir
from .errors import RotoError
from .loader import TOML_SUFFIX, check_files, load, parse_file, rdflib_graph
from .namespaces import BASE, PREFIXES

SEVERITIES = ("Violation", "Warning", "Info")
STATEMENT_ID = URIRef(BASE + "statementId")
REVIEW_SHAPES = "review.ttl"


def _shown(path: str | Path) -> str:
    """A file name as a person typed it: relative to the working folder when inside it."""
    text = str(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:
        return text
    return text if relative.startswith("..") else relative


@dataclass
class Origins:
    """Which file said what: entity IRIs and statement ids, and triples of RDF files."""

    files: dict[str, str] = field(default_factory=dict)
    triples: dict[tuple, str] = field(default_factory=dict)

    def add_content(self, content) -> None:
        for entity in content.entities.values():
            self.files[entity.iri] = _shown(entity.origin)
        for statement in content.statements:
            self.files[statement.id] = _shown(statement.origin)

    def add_graph(self, graph: Graph, path: str | Path) -> None:
        shown = _shown(path)
        for s, p, o in graph:
            self.triples[(s, p, o)] = shown
            key = str(o) if p == STATEMENT_ID else str(s) if isinstance(s, URIRef) else None
            if key is not None:
                self.files.setdefault(key, shown)

    def file_of_node(self, graph: Graph, node) -> str | None:
        """The file that made the node: its statement id's or its IRI's."""
        key = graph.value(node, STATEMENT_ID)
        return self.files.get(str(key if key is not None else node))

    def file_of(self, graph: Graph, focus, path, value) -> str | None:
        """The file of the offending triple where known (the one value, or the only file
        giving values of the path), else the focus node's file."""
        if isinstance(path, URIRef):
            values = [value] if value is not None else list(graph.objects(focus, path))
            files = {self.triples[(focus, path, v)] for v in values if (focus, path, v) in self.triples}
            if len(files) == 1:
                return files.pop()
        return self.file_of_node(graph, focus)


def _ontology_graph() -> Graph:
    graph = Graph()
    for path in sorted(asset_dir("ontology").glob("*.ttl")):
        graph += rdflib_graph(parse_file(path))
    return graph


def load_data(paths: list[Path] | tuple[Path, ...] = (), with_review: bool = True, project=...) -> tuple[Graph, Origins]:
    """The graph to check and where its statements came from.

    TOML files are read with the review's authored files and compiled by the one compiler;
    RDF files are merged in as they are. With `with_review=False`, RDF files are merged with
    the ontology only. `project`: see `roto.loader.load` (by default the active one).
    """
    origins = Origins()
    if with_review:
        extended = load(paths, project)
        origins.add_content(extended.content)
        for name, part in extended.rdf.items():
            origins.add_graph(part, name)
        return extended.graph(), origins
    paths = check_files(paths)
    if any(p.suffix.lower() == TOML_SUFFIX for p in paths):
        raise RotoError("TOML files are always read together with the review's own files")
    graph = _ontology_graph()
    for path in paths:
        part = rdflib_graph(parse_file(path), path)
        origins.add_graph(part, path)
        graph += part
    return graph, origins


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
        raise RotoError(f"{_shown(path)}: not a SHACL shapes file (no sh: shapes, targets or constraints in it)")
    meta = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
    conforms, report, _ = pyshacl.validate(shapes, shacl_graph=meta)
    if not conforms:
        result = next(iter(report.subjects(RDF.type, SH.ValidationResult)))
        where = report.value(result, SH.resultPath) or report.value(result, SH.focusNode)
        raise RotoError(f"{_shown(path)}: not valid SHACL: {_compact(where)}: {report.value(result, SH.resultMessage)}")
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
            raise RotoError(f"{_shown(path)}: not valid SHACL: a SPARQL query does not parse: {message}") from None
        refused = _patterns(prepared.algebra) & {"ServiceGraphPattern", "Graph"}
        if refused:
            keyword = "SERVICE" if "ServiceGraphPattern" in refused else "GRAPH"
            raise RotoError(f"{_shown(path)}: a SHACL-SPARQL query uses {keyword}, which ROTO's shapes may not "
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


@dataclass
class Result:
    """One validation result, in words and as IRIs."""

    severity: str
    focus: str
    focus_name: str
    focus_kind: str | None
    component: str
    shape: str | None
    message: str | None
    path: str | None = None
    property: str | None = None
    value: str | None = None
    value_name: str | None = None
    expected: str | None = None
    found: int | None = None
    file: str | None = None
    focus_file: str | None = None


@dataclass
class Report:
    conforms: bool
    results: list[Result]
    graph: Graph

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)


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
    results = [_result(graph, r, copy, shapes, origins or Origins()) for r in graph.subjects(RDF.type, SH.ValidationResult)]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results.sort(key=lambda r: (order[r.severity], r.focus_name, r.property or "", r.value_name or ""))
    return Report(bool(conforms), results, graph)


def _compact(term) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace) and "/" not in text[len(namespace):]:
                return f"{prefix}:{text[len(namespace):]}"
        if text.startswith(str(SH)):
            return "sh:" + text[len(str(SH)):]
        return f"<{text}>"
    if isinstance(term, BNode):
        return "a blank node"
    return str(term)


def _name(graph: Graph, node) -> str:
    """A node as a person knows it: a statement's id, a label, or a short IRI."""
    if node is None:
        return ""
    statement = graph.value(node, STATEMENT_ID)
    if statement is not None:
        return f"statement {statement}"
    labels = sorted(map(str, graph.objects(node, RDFS.label))) if not isinstance(node, Literal) else []
    return labels[0] if labels else _compact(node)


def _kind(graph: Graph, node) -> str | None:
    types = set(graph.objects(node, RDF.type)) - {OWL.NamedIndividual}
    if OWL.Axiom in types:
        return "statement"
    if OWL.NegativePropertyAssertion in types:
        return "negated statement"
    labels = sorted(str(graph.value(t, RDFS.label)) for t in types if graph.value(t, RDFS.label) is not None)
    return labels[0] if labels else min(map(_compact, types), default=None)


def _property_name(data: Graph, shapes: Graph, path, shape) -> str | None:
    """The property in words: its label in the ontology, else the shape's sh:name, else
    (for a check on the node itself) the shape's label."""
    label = data.value(path, RDFS.label) if isinstance(path, URIRef) else None
    name = shapes.value(shape, SH.name) if shape is not None else None
    check = shapes.value(shape, RDFS.label) if shape is not None and path is None else None
    for words in (label, name, check):
        if words is not None:
            return str(words)
    return _compact(path) if path is not None else None


_EXPECTED = {
    SH.MinCountConstraintComponent: (SH.minCount, "at least {} value(s)"),
    SH.MaxCountConstraintComponent: (SH.maxCount, "at most {} value(s)"),
    SH.ClassConstraintComponent: (SH["class"], "a {}"),
    SH.DatatypeConstraintComponent: (SH.datatype, "a literal of type {}"),
    SH.NodeKindConstraintComponent: (SH.nodeKind, "a node of kind {}"),
    SH.HasValueConstraintComponent: (SH.hasValue, "the value {}"),
    SH.PatternConstraintComponent: (SH.pattern, "text matching {}"),
    SH.MinLengthConstraintComponent: (SH.minLength, "at least {} character(s)"),
    SH.MinInclusiveConstraintComponent: (SH.minInclusive, "a number of at least {}"),
    SH.QualifiedMinCountConstraintComponent: (SH.qualifiedMinCount, "at least {} such value(s)"),
    SH.QualifiedMaxCountConstraintComponent: (SH.qualifiedMaxCount, "at most {} such value(s)"),
    SH.InConstraintComponent: (SH["in"], "one of {}"),
    SH.OrConstraintComponent: (SH["or"], "to match one of: {}"),
}


def _expected(data: Graph, shapes: Graph, component, shape) -> str | None:
    """What the constraint asked for, from its parameter in the shapes graph."""
    if component not in _EXPECTED or shape is None:
        return None
    parameter, template = _EXPECTED[component]
    value = shapes.value(shape, parameter)
    if value is None:
        return None
    if parameter in (SH["in"], SH["or"]):
        members = Collection(shapes, value)
        text = ", ".join(_name(shapes, m) if parameter == SH["or"] else _name(data, m) for m in members)
    elif parameter in (SH["class"], SH.hasValue):
        text = _name(data, value)
    elif isinstance(value, URIRef):
        text = _compact(value)
    else:
        text = str(value)
    return template.format(text)


def _found(data: Graph, shapes: Graph, component, focus, path) -> int | None:
    """For a count constraint on a simple or inverse path: how many values there are."""
    if component not in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent):
        return None
    if isinstance(path, URIRef):
        return len(set(data.objects(focus, path)))
    inverse = shapes.value(path, SH.inversePath) if path is not None else None
    if isinstance(inverse, URIRef):
        return len(set(data.subjects(inverse, focus)))
    return None


def _result(report: Graph, node, data: Graph, shapes: Graph, origins: Origins) -> Result:
    value = report.value
    focus, path, member = value(node, SH.focusNode), value(node, SH.resultPath), value(node, SH.value)
    component, shape = value(node, SH.sourceConstraintComponent), value(node, SH.sourceShape)
    severity = str(value(node, SH.resultSeverity)).rsplit("#", 1)[-1]
    message = value(node, SH.resultMessage)
    return Result(
        severity=severity,
        focus=str(data.value(focus, STATEMENT_ID) or focus) if isinstance(focus, BNode) else str(focus),
        focus_name=_name(data, focus),
        focus_kind=_kind(data, focus),
        component=str(component).rsplit("#", 1)[-1],
        shape=str(shape) if isinstance(shape, URIRef) else None,
        message=str(message) if message is not None else None,
        path=str(path) if isinstance(path, URIRef) else None,
        property=_property_name(data, shapes, path, shape),
        value=str(member) if member is not None else None,
        value_name=_name(data, member) if member is not None and member != focus else None,
        expected=_expected(data, shapes, component, shape),
        found=_found(data, shapes, component, focus, path),
        file=origins.file_of(data, focus, path, member),
        focus_file=origins.file_of_node(data, focus),
    )
