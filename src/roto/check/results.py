"""A W3C SHACL validation report as `Result`s that name nodes, properties and files in
words: a statement by its id, a node by its label, what the constraint expected and how
many values were found.

>>> SEVERITIES
('Violation', 'Warning', 'Info')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from ..namespaces import PREFIXES
from .data import STATEMENT_ID, Origins

if TYPE_CHECKING:
    from .store_data import StoreData

SEVERITIES = ("Violation", "Warning", "Info")


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
    fallback: str | None = None  # why pySHACL ran instead of the compiled engine

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)


def compact(term) -> str:
    """A term as Turtle would write it, with ROTO's prefixes (a blank node in words)."""
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


def _name(graph: Graph | StoreData, node) -> str:
    """A node as a person knows it: a statement's id, a label, or a short IRI."""
    if node is None:
        return ""
    statement = graph.value(node, STATEMENT_ID)
    if statement is not None:
        return f"statement {statement}"
    labels = sorted(map(str, graph.objects(node, RDFS.label))) if not isinstance(node, Literal) else []
    return labels[0] if labels else compact(node)


def _kind(graph: Graph | StoreData, node) -> str | None:
    types = set(graph.objects(node, RDF.type)) - {OWL.NamedIndividual}
    if OWL.Axiom in types:
        return "statement"
    if OWL.NegativePropertyAssertion in types:
        return "negated statement"
    labels = sorted(str(graph.value(t, RDFS.label)) for t in types if graph.value(t, RDFS.label) is not None)
    return labels[0] if labels else min(map(compact, types), default=None)


def _property_name(data: Graph | StoreData, shapes: Graph, path, shape) -> str | None:
    """The property in words: its label in the ontology, else the shape's sh:name, else
    (for a check on the node itself) the shape's label."""
    label = data.value(path, RDFS.label) if isinstance(path, URIRef) else None
    name = shapes.value(shape, SH.name) if shape is not None else None
    check = shapes.value(shape, RDFS.label) if shape is not None and path is None else None
    for words in (label, name, check):
        if words is not None:
            return str(words)
    return compact(path) if path is not None else None


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


def _expected(data: Graph | StoreData, shapes: Graph, component, shape) -> str | None:
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
        text = compact(value)
    else:
        text = str(value)
    return template.format(text)


def _found(data: Graph | StoreData, shapes: Graph, component, focus, path) -> int | None:
    """For a count constraint on a simple or inverse path: how many values there are."""
    if component not in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent):
        return None
    if isinstance(path, URIRef):
        return len(set(data.objects(focus, path)))
    inverse = shapes.value(path, SH.inversePath) if path is not None else None
    if isinstance(inverse, URIRef):
        return len(set(data.subjects(inverse, focus)))
    return None


def describe(report: Graph, node, data: Graph | StoreData, shapes: Graph, origins: Origins) -> Result:
    """The report's result `node` in words, with the file that made the offending triple."""
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
