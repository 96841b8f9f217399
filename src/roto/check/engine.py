"""Run compiled SHACL (`roto.check.compiled`) on a pyoxigraph store holding the data, and
write its results as a W3C validation report like pySHACL's, which `results.describe` puts
in words: the two engines give the same `Result`s (tests/test_compiled_shacl.py).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from .compiled import Check, Unsupported

_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Store:
    """The data graph in pyoxigraph, with the way back to the rdflib terms `describe` and
    `Origins` know (rdflib keeps a plain literal apart from an xsd:string one)."""

    def __init__(self, data: Graph):
        self.store = ox.Store()
        self.data = data
        self.back: dict = {}
        self.store.bulk_extend(ox.Quad(self.term(s), self.term(p), self.term(o)) for s, p, o in data)

    def term(self, node):
        if isinstance(node, URIRef):
            return ox.NamedNode(node)
        if isinstance(node, BNode):
            return ox.BlankNode(node)
        if node.language:
            converted = ox.Literal(str(node), language=node.language)
        else:
            converted = ox.Literal(str(node), datatype=ox.NamedNode(node.datatype or _STRING))
        self.back.setdefault(converted, node)
        return converted

    def rdflib(self, node):
        if node is None:
            return None
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        if node in self.back:
            return self.back[node]
        if node.language:
            return Literal(node.value, lang=node.language)
        return Literal(node.value, datatype=None if node.datatype.value == _STRING else URIRef(node.datatype.value))

    def select(self, query: str, kwargs: dict | None = None):
        """A SELECT's solutions; a query pyoxigraph refuses (SPARQL it reads more strictly
        than rdflib) is `Unsupported`, so that pySHACL runs it."""
        try:
            return self.store.query(query, **(kwargs or {}))
        except (SyntaxError, RuntimeError) as exc:
            raise Unsupported(f"a SPARQL query pyoxigraph refuses ({str(exc).splitlines()[0][:120]})") from None


Row = tuple  # (focus, path, value, bindings): terms are rdflib's


def _ill_typed(value, datatype) -> bool:
    """Whether `value` fails sh:datatype `datatype`, as pySHACL reads it (a plain literal is an xsd:string)."""
    if not isinstance(value, Literal) or value.language is not None:
        return datatype != RDF.langString or not isinstance(value, Literal)
    return (value.datatype or XSD.string) != datatype or bool(value.ill_typed)


class Runner:
    def __init__(self, store: Store):
        self.store = store
        self.violators_cache: dict[int, set] = {}

    def rows(self, check: Check) -> list[Row]:
        """The violations of one constraint."""
        back = self.store.rdflib
        if check.constraint is not None:
            return self.sparql(check)
        if check.members:
            failing = [self.violators(member) for member in check.members]
            return [(node, None, node, {}) for node in set.intersection(*failing)] if failing else []
        solutions = self.store.select(check.query)
        if check.qualified is not None:
            shape_checks, low, high = check.qualified
            bad = self.violators(shape_checks)
            counts: dict = defaultdict(set)
            for solution in solutions:
                found = counts[back(solution["this"])]
                if solution["v"] is not None and back(solution["v"]) not in bad:
                    found.add(back(solution["v"]))
            return [(focus, check.path, None, {}) for focus, ok in counts.items()
                    if (low is not None and len(ok) < low) or (high is not None and len(ok) > high)]
        if check.datatype is not None:  # read from rdflib: pyoxigraph stores "1"^^xsd:positiveInteger as an xsd:integer
            data, datatype = self.store.data, check.datatype
            return [(focus, check.path, value, {}) for focus in (back(s["this"]) for s in solutions)
                    for value in data.objects(focus, check.path) if _ill_typed(value, datatype)]
        return [(back(s["this"]), check.path, back(s["v"]) if check.has_value else None, {}) for s in solutions]

    def violators(self, checks: list[Check]) -> set:
        """The focus nodes that do not conform to a shape used inside another (sh:or, a
        qualified value shape)."""
        key = id(checks)
        if key not in self.violators_cache:
            self.violators_cache[key] = {row[0] for check in checks for row in self.rows(check)}
        return self.violators_cache[key]

    def sparql(self, check: Check) -> list[Row]:
        """A SHACL-SPARQL constraint, $this pre-bound to each focus node (SEP-0007)."""
        assert check.focus is not None
        back = self.store.rdflib
        focus = self.store.select(f"{check.focus.prologue}\nSELECT ?this WHERE {{ {check.focus.pattern()} }}")
        rows, seen = [], set()
        for solution in list(focus):
            node = solution["this"]
            answer = self.store.select(*_pre_bound(check.select, node))
            names = [v.value for v in answer.variables]
            for row in answer:
                bound = {name: back(row[name]) for name in names if row[name] is not None}
                key = tuple(sorted(bound.items()))
                if key in seen or not ({"this", "path", "value"} & bound.keys()):
                    continue
                seen.add(key)
                value = bound.get("value", back(node))  # a node shape reports the focus node
                rows.append((bound.get("this", back(node)), bound.get("path"), value, bound))
        return rows


_PROJECTS_THIS = re.compile(r"SELECT\s[^{]*?[?$]this\b", re.I)
_THIS = re.compile(r"[?$]this\b")


def _pre_bound(query: str, node) -> tuple:
    """The query with $this bound to `node`: substituted by pyoxigraph where the query
    projects $this (SEP-0007 asks that), else written into the text (an IRI only)."""
    if _PROJECTS_THIS.search(query):
        return query, {"substitutions": {ox.Variable("this"): node}}
    if not isinstance(node, ox.NamedNode):
        raise Unsupported("a SHACL-SPARQL query that does not select $this, on a blank node")
    return _THIS.sub(lambda _: str(node), query), {}


def _message(text, bindings: dict):
    """pySHACL's wording of a SHACL-SPARQL message: {?name} or {$name} replaced by its value."""
    if not bindings:
        return text
    words = str(text)
    for name, value in bindings.items():
        words = words.replace("{?" + name + "}", str(value)).replace("{$" + name + "}", str(value))
    return Literal(words, lang=text.language, datatype=text.datatype)


def _copy_path(report: Graph, shapes: Graph, node) -> None:
    todo = [node]
    while todo:
        subject = todo.pop()
        for p, o in shapes.predicate_objects(subject):
            report.add((subject, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def report(store: Store, checks: list[Check], shapes: Graph) -> tuple[bool, Graph]:
    """(conforms, a W3C validation report graph) of the compiled checks over `store`."""
    graph = Graph()
    graph.bind("sh", SH)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    runner, conforms = Runner(store), True
    for check in checks:
        for focus, path, value, bindings in runner.rows(check):
            conforms = conforms and check.severity != SH.Violation
            result = BNode()
            graph.add((root, SH.result, result))
            graph.add((result, RDF.type, SH.ValidationResult))
            graph.add((result, SH.focusNode, focus))
            graph.add((result, SH.resultSeverity, check.severity))
            graph.add((result, SH.sourceConstraintComponent, check.component))
            graph.add((result, SH.sourceShape, check.shape))
            if check.constraint is not None:
                graph.add((result, SH.sourceConstraint, check.constraint))
            if path is not None:
                graph.add((result, SH.resultPath, path))
                if isinstance(path, BNode):
                    _copy_path(graph, shapes, path)
            if value is not None:
                graph.add((result, SH.value, value))
            for message in check.messages:
                graph.add((result, SH.resultMessage, _message(message, bindings)))
    graph.add((root, SH.conforms, Literal(conforms)))
    return conforms, graph
