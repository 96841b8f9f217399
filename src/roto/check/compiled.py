"""SHACL shapes compiled to SPARQL that finds every violation of a constraint over the whole
graph at once (one query per constraint, not one per focus node), for the SHACL features
ROTO's shapes use. Anything else raises `Unsupported`, and the caller runs pySHACL instead.

A shape's focus nodes are a SPARQL group binding a variable; each core constraint becomes a
SELECT of (?this, ?v) rows, ?v the offending value where SHACL reports one. `sh:or` and
`sh:qualifiedValueShape` need to know which nodes conform to other shapes: those are
`Conforms` checks, resolved by the runner (`roto.check.engine`) from the same queries.
SHACL-SPARQL constraints keep SHACL's pre-binding of $this: they run once per focus node,
which ROTO's shapes keep to the violators with a SPARQL target (shapes/README.md, "Cost").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from .store_data import INTEGER_TYPES

TYPE_PATH = f"<{RDF.type}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_NODE_KINDS = {SH.IRI: "isIRI(?v)", SH.Literal: "isLiteral(?v)", SH.BlankNode: "isBlank(?v)",
               SH.BlankNodeOrIRI: "!isLiteral(?v)", SH.BlankNodeOrLiteral: "!isIRI(?v)",
               SH.IRIOrLiteral: "!isBlank(?v)"}
# The SHACL words a shape may use: any other (sh:node, sh:closed, sh:deactivated, ...) is refused.
_SHAPE_WORDS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.property,
                SH.path, SH.name, SH.description, SH.message, SH.severity, SH.sparql, SH["or"], SH["class"],
                SH.nodeKind, SH.minCount, SH.maxCount, SH.hasValue, SH.datatype, SH.minLength, SH["in"],
                SH.pattern, SH.flags, SH.minInclusive, SH.qualifiedValueShape, SH.qualifiedMinCount,
                SH.qualifiedMaxCount, SH.order, SH.group}
_CONSTRAINT_WORDS = {RDF.type, SH.select, SH.message, SH.prefixes}
_RUST_LACKS = re.compile(r"\(\?<?[=!]|\\[1-9]")  # what Python's re reads and pyoxigraph's regex does not
_PROLOGUE = re.compile(r"\s*((?:(?:PREFIX\s+[\w.-]*:\s*<[^>\s]*>|BASE\s*<[^>\s]*>)\s*)*)(.*)", re.S | re.I)


class Unsupported(Exception):
    """A SHACL feature the compiled engine does not implement (pySHACL runs instead)."""


def term(node) -> str:
    """An rdflib term as SPARQL writes it (a literal only of a type pyoxigraph keeps as it is)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal) and node.datatype in (None, XSD.string, XSD.integer, XSD.decimal, XSD.boolean):
        return node.n3()
    raise Unsupported("a blank node as a constraint parameter")


@dataclass
class Focus:
    """The focus nodes of a shape: SPARQL that binds `var`, with the prologue it needs.
    `local`: the nodes are found by their own triples (a class, subjects or objects of a
    property), so a run on what changed may keep only the changed files' nodes
    (`Check.narrow`, `roto.check.changes`); a named node or a SPARQL target is taken whole."""

    groups: list[str]
    prologue: str = ""
    local: bool = False

    def query(self) -> str:
        return f"{self.prologue}\nSELECT ?this WHERE {{ {self.pattern()} }}"

    def pattern(self, var: str = "this") -> str:
        union = " UNION ".join(self.groups).replace("?this", f"?{var}") if self.groups else "FILTER (false)"
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {union} }} }}"


@dataclass
class Check:
    """One constraint of one shape: `query` selects ?this (and ?v) of each violation."""

    shape: object  # the shapes graph's node: sh:sourceShape
    component: URIRef
    severity: URIRef
    messages: list
    path: object | None
    query: str = ""
    has_value: bool = False
    count_range: tuple | None = None  # sh:minCount or sh:maxCount: (low, None) or (None, high)
    datatype: URIRef | None = None  # sh:datatype: the runner adds values given as another integer type
    # sh:or: the member shapes; sh:qualifiedValueShape: (shape, min, max)
    members: list = field(default_factory=list)
    qualified: tuple | None = None
    # SHACL-SPARQL: the constraint node, its SELECT and prologue, run per focus node
    constraint: object | None = None
    select: str = ""
    focus_query: str = ""  # the focus nodes alone
    focus: Focus | None = None  # a core constraint's, whose pattern `query` holds
    # A run on what changed may keep only the changed files' focus nodes: the focus is
    # local and the path reads the focus node's own triples (no inverse step, which reads
    # another node's: one statement id on two statements is then reported on both).
    narrow: bool = False
    few: str = ""  # the query for few focus nodes (`engine.FEW_FOCUS`), where it differs


class Compiler:
    def __init__(self, shapes: Graph):
        self.shapes = shapes

    def one(self, node, predicate):
        values = list(self.shapes.objects(node, predicate))
        if len(values) > 1:
            raise Unsupported(f"more than one {predicate.n3(self.shapes.namespace_manager)} on a shape")
        return values[0] if values else None

    def shape_nodes(self) -> list:
        """Every shape with a target (shapes used only inside sh:or or as a value shape are
        compiled where they are used)."""
        targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
        nodes = {s for p in targets for s in self.shapes.subjects(p, None)}
        classes = (URIRef("http://www.w3.org/2000/01/rdf-schema#Class"), URIRef("http://www.w3.org/2002/07/owl#Class"))
        if set(self.shapes.subjects(RDF.type, SH.NodeShape)) & {s for c in classes for s in self.shapes.subjects(RDF.type, c)}:
            raise Unsupported("a shape that is also a class (implicit class target)")
        return sorted(nodes, key=str)

    def focus(self, shape) -> Focus:
        groups: list[str] = []
        prologues: dict[str, str] = {}
        local = not set(self.shapes.objects(shape, SH.targetNode)) | set(self.shapes.objects(shape, SH.target))
        for cls in self.shapes.objects(shape, SH.targetClass):
            groups.append(f"{{ ?this {TYPE_PATH} {term(cls)} }}")
        nodes = list(self.shapes.objects(shape, SH.targetNode))
        if nodes:
            groups.append(f"{{ VALUES ?this {{ {' '.join(term(n) for n in nodes)} }} }}")
        for predicate in self.shapes.objects(shape, SH.targetSubjectsOf):
            groups.append(f"{{ ?this {term(predicate)} ?_o }}")
        for predicate in self.shapes.objects(shape, SH.targetObjectsOf):
            groups.append(f"{{ ?_s {term(predicate)} ?this }}")
        for target in self.shapes.objects(shape, SH.target):
            if (target, RDF.type, SH.SPARQLTarget) not in self.shapes or \
                    set(self.shapes.predicates(target)) - {RDF.type, SH.select, SH.prefixes}:
                raise Unsupported("a custom target other than a plain sh:SPARQLTarget")
            prologue, body = self.split(self.declared(target) + str(self.one(target, SH.select)))
            for line in prologue:
                prefix = line.split()[1]
                if prologues.setdefault(prefix, line) != line:
                    raise Unsupported(f"SPARQL targets declaring {prefix} differently")
            groups.append(f"{{ {body} }}")
        return Focus(groups, "\n".join(prologues.values()), local)

    @staticmethod
    def split(text: str) -> tuple[list[str], str]:
        match = _PROLOGUE.match(text)
        assert match is not None  # the pattern matches any text
        lines = re.findall(r"(?:PREFIX\s+[\w.-]*:\s*<[^>\s]*>|BASE\s*<[^>\s]*>)", match.group(1), re.I)
        if any(line.upper().startswith("BASE") for line in lines):
            raise Unsupported("a BASE in a SPARQL target")
        return [" ".join(line.split()) for line in lines], match.group(2)

    def declared(self, node) -> str:
        """The PREFIX lines of a SHACL-SPARQL node's sh:prefixes (sh:declare)."""
        lines = []
        for owner in self.shapes.objects(node, SH.prefixes):
            for declaration in self.shapes.objects(owner, SH.declare):
                prefix, namespace = self.one(declaration, SH.prefix), self.one(declaration, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
        return "".join(sorted(lines))

    def path(self, node) -> str:
        """A SHACL path as a SPARQL property path."""
        if isinstance(node, URIRef):
            return term(node)
        if (node, RDF.first, None) in self.shapes:
            return "(" + "/".join(self.path(member) for member in Collection(self.shapes, node)) + ")"
        words = set(self.shapes.predicates(node))
        if words == {SH.inversePath}:
            return f"^{self.path(self.one(node, SH.inversePath))}"
        if words == {SH.alternativePath}:
            return "(" + "|".join(self.path(m) for m in Collection(self.shapes, self.one(node, SH.alternativePath))) + ")"
        for word, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            if words == {word}:
                return f"({self.path(self.one(node, word))}){mark}"
        raise Unsupported("a SHACL path form it does not know")

    def checks(self, shape, focus: Focus, nested: bool = False) -> list[Check]:
        """Every constraint of `shape` (a node shape, with its property shapes) as Checks;
        `nested`: a shape only tested for conformance (sh:or, sh:qualifiedValueShape)."""
        unknown = {p for p in self.shapes.predicates(shape) if str(p).startswith(str(SH))} - _SHAPE_WORDS
        if unknown:
            raise Unsupported(f"shape feature {', '.join(sorted(u.n3(self.shapes.namespace_manager) for u in unknown))}")
        severity = self.one(shape, SH.severity) or SH.Violation
        messages = list(self.shapes.objects(shape, SH.message))
        path = self.one(shape, SH.path)
        checks = self.core(shape, focus, severity, messages, path, nested)
        for constraint in self.shapes.objects(shape, SH.sparql):
            if path is not None:
                raise Unsupported("a SHACL-SPARQL constraint on a property shape ($PATH)")
            if set(self.shapes.predicates(constraint)) - _CONSTRAINT_WORDS or self.one(constraint, SH.select) is None:
                raise Unsupported("a SHACL-SPARQL constraint other than a plain SELECT")
            own = list(self.shapes.objects(constraint, SH.message))
            checks.append(Check(shape, SH.SPARQLConstraintComponent, severity, own or messages, None,
                                constraint=constraint, focus_query=focus.query(),
                                select=self.declared(constraint) + str(self.one(constraint, SH.select))))
        if path is None:
            for prop in self.shapes.objects(shape, SH.property):
                checks += self.checks(prop, focus, nested)
        return checks

    def core(self, shape, focus: Focus, severity, messages, path, nested: bool) -> list[Check]:
        value = "BIND (?this AS ?v)" if path is None else f"?this {self.path(path)} ?v"
        f = focus.pattern()
        checks = []
        narrow = focus.local and "^" not in value  # see Check.narrow

        def add(component, query: str, has_value: bool = True, **extra) -> None:
            if not messages and not nested:
                raise Unsupported("a constraint without sh:message (pySHACL words its own)")
            checks.append(Check(shape, component, severity, messages, path, focus.prologue + "\n" + query,
                                has_value, focus=focus, narrow=narrow, **extra))

        def values_where(condition: str, component) -> None:
            add(component, f"SELECT DISTINCT ?this ?v WHERE {{ {f} {value} FILTER ({condition}) }}")

        one = self.one
        if (cls := one(shape, SH["class"])) is not None:
            # MINUS finds the class's members once, which over the whole graph takes half the
            # time of asking NOT EXISTS of each value; for few focus nodes (a run on what
            # changed, a shape of the review's nodes) asking of each is quicker (`Check.few`).
            typed, where = f"?v {TYPE_PATH} {term(cls)}", f"SELECT DISTINCT ?this ?v WHERE {{ {f} {value}"
            add(SH.ClassConstraintComponent, f"{where} MINUS {{ {typed} }} }}",
                few=f"{focus.prologue}\n{where} FILTER (NOT EXISTS {{ {typed} }}) }}")
        if (kind := one(shape, SH.nodeKind)) is not None:
            if kind not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {kind}")
            values_where(f"!({_NODE_KINDS[kind]})", SH.NodeKindConstraintComponent)
        if (datatype := one(shape, SH.datatype)) is not None:
            # pyoxigraph holds "1"^^xsd:positiveInteger as an xsd:integer: the query finds
            # values of another type, the runner those given as another integer type.
            if not isinstance(path, URIRef):
                raise Unsupported("sh:datatype on a node shape or a path other than a property")
            held = XSD.integer if datatype in INTEGER_TYPES else datatype
            well = " || !isNumeric(?v)" if datatype == XSD.integer else ""
            if datatype not in INTEGER_TYPES | {XSD.integer, XSD.string, RDF.langString}:
                raise Unsupported(f"sh:datatype {datatype.n3(self.shapes.namespace_manager)}")
            values_where(f"!isLiteral(?v) || datatype(?v) != {term(held)}{well}", SH.DatatypeConstraintComponent)
            checks[-1].datatype, checks[-1].focus_query = datatype, focus.query()
        if (length := one(shape, SH.minLength)) is not None:
            values_where(f"isBlank(?v) || STRLEN(STR(?v)) < {int(length)}", SH.MinLengthConstraintComponent)
        if (members := one(shape, SH["in"])) is not None:
            allowed = " || ".join(f"sameTerm(?v, {term(m)})" for m in Collection(self.shapes, members)) or "false"
            values_where(f"!({allowed})", SH.InConstraintComponent)
        if (pattern := one(shape, SH.pattern)) is not None:
            if _RUST_LACKS.search(str(pattern)):  # pyoxigraph would silently match nothing
                raise Unsupported("an sh:pattern with a lookaround or a backreference")
            flags = one(shape, SH.flags)
            regex = f"REGEX(STR(?v), {Literal(str(pattern)).n3()}{', ' + Literal(str(flags)).n3() if flags else ''})"
            values_where(f"isBlank(?v) || !{regex}", SH.PatternConstraintComponent)
        if (low := one(shape, SH.minInclusive)) is not None:
            values_where(f"!COALESCE(?v >= {term(low)}, false)", SH.MinInclusiveConstraintComponent)
        if (wanted := one(shape, SH.hasValue)) is not None:
            test = f"!sameTerm(?this, {term(wanted)})" if path is None else \
                f"NOT EXISTS {{ ?this {self.path(path)} {term(wanted)} }}"
            add(SH.HasValueConstraintComponent, f"SELECT DISTINCT ?this WHERE {{ {f} FILTER ({test}) }}", False)
        low, high = one(shape, SH.minCount), one(shape, SH.maxCount)
        if path is not None and (low is not None or high is not None):
            # One query counts for both: the runner runs it once and splits its rows.
            bounds = [f"COUNT(DISTINCT ?v) < {int(low)}"] if low is not None else []
            bounds += [f"COUNT(DISTINCT ?v) > {int(high)}"] if high is not None else []
            counted = f"SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {f} OPTIONAL {{ {value} }} }} " \
                f"GROUP BY ?this HAVING ({' || '.join(bounds)})"
            if low is not None:
                add(SH.MinCountConstraintComponent, counted, False, count_range=(int(low), None))
            if high is not None:
                add(SH.MaxCountConstraintComponent, counted, False, count_range=(None, int(high)))
        if (options := one(shape, SH["or"])) is not None:
            members = [self.checks(m, focus, True) for m in Collection(self.shapes, options)]
            add(SH.OrConstraintComponent, "", True, members=members)
        if (qualified := one(shape, SH.qualifiedValueShape)) is not None:
            if path is None:
                raise Unsupported("sh:qualifiedValueShape on a node shape")
            inner = Focus([f"{{ {focus.pattern('_f')} ?_f {self.path(path)} ?this }}"], focus.prologue)
            query = f"SELECT DISTINCT ?this ?v WHERE {{ {f} OPTIONAL {{ {value} }} }}"
            low, high = one(shape, SH.qualifiedMinCount), one(shape, SH.qualifiedMaxCount)
            if low is not None:
                add(SH.QualifiedMinCountConstraintComponent, query, False,
                    qualified=(self.checks(qualified, inner, True), int(low), None))
            if high is not None:
                add(SH.QualifiedMaxCountConstraintComponent, query, False,
                    qualified=(self.checks(qualified, inner, True), None, int(high)))
        return checks


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every constraint of every targeted shape, or `Unsupported` naming the first feature
    the compiled engine does not implement."""
    compiler = Compiler(shapes)
    checks = []
    for shape in compiler.shape_nodes():
        if isinstance(shape, BNode) and (None, SH.property, shape) in shapes:
            raise Unsupported("a property shape with targets of its own")
        checks += compiler.checks(shape, compiler.focus(shape))
    return checks
