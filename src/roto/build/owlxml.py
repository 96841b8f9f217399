"""OWL/XML (`roto.owx`) from the ontology's RDF graph, written in Python, deterministically.

Some OWL tools read OWL/XML more completely than RDF/XML: py-horned-owl 2.0.0 reads every
negative property assertion that carries annotations and every owl:AllDisjointClasses
from OWL/XML, and none from RDF. The build must not need Java (the OWL API could write
this format), so this module maps the RDF graph back to OWL 2 axioms (the reverse of the
OWL 2 RDF mapping) for the constructs ROTO uses, and refuses a triple it cannot place
rather than leaving it out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .triples import OWL, RDF, RDFS, XSD, Index

DECLARATIONS = {OWL.Class: "Class", OWL.ObjectProperty: "ObjectProperty", OWL.DatatypeProperty: "DataProperty",
                OWL.AnnotationProperty: "AnnotationProperty", OWL.NamedIndividual: "NamedIndividual",
                RDFS.Datatype: "Datatype"}
BUILTIN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated}
AXIOM_STRUCTURE = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
NEGATIVE_STRUCTURE = {RDF.type, OWL.sourceIndividual, OWL.assertionProperty, OWL.targetIndividual, OWL.targetValue}
# The writer compares predicates (always IRIs) by their plain text: rdflib's own equality is
# Python code, and a large ontology makes millions of comparisons.
_text = str.__str__
_DECLARED = {_text(term): kind for term, kind in DECLARATIONS.items()}
_TYPE, _FUNCTIONAL, _DOMAIN, _RANGE = (_text(t) for t in (RDF.type, OWL.FunctionalProperty, RDFS.domain, RDFS.range))
_SUBCLASS, _EQUIVALENT, _DISJOINT = (_text(t) for t in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith))
_DIFFERENT, _SAME = _text(OWL.differentFrom), _text(OWL.sameAs)


def _iri(kind: str, term: Node) -> str:
    return _iri_element(kind, str.__str__(term))


@cache  # a few thousand IRIs recur millions of times at 10,000 models; quoting is Python code
def _iri_element(kind: str, text: str) -> str:
    return f"<{kind} IRI={quoteattr(text)}/>"


@cache
def _iri_value(text: str) -> str:
    return f"<IRI>{escape(text)}</IRI>"


def _literal(value: Literal) -> str:
    if value.language:
        return f"<Literal xml:lang={quoteattr(value.language)}>{escape(str(value))}</Literal>"
    datatype = value.datatype or XSD.string
    return f"<Literal datatypeIRI={quoteattr(str(datatype))}>{escape(str(value))}</Literal>"


def _annotation_value(value) -> str:
    return _literal(value) if isinstance(value, Literal) else _iri_value(str.__str__(value))


class _Writer:
    def __init__(self, graph: Index):
        self.graph = graph
        self.kinds: dict[str, set[str]] = defaultdict(set)  # by IRI text
        for rdf_type, kind in DECLARATIONS.items():
            for entity in graph.subjects(RDF.type, rdf_type):
                if isinstance(entity, URIRef):
                    self.kinds[_text(entity)].add(kind)
        self.annotation_properties = {e for e, k in self.kinds.items() if "AnnotationProperty" in k} | \
            {_text(p) for p in BUILTIN_ANNOTATIONS}
        self.used: set = set()  # blank nodes consumed as parts of an axiom or expression

    def is_(self, term, kind: str) -> bool:
        return isinstance(term, URIRef) and kind in self.kinds.get(_text(term), ())

    def annotations(self, node) -> str:
        """The axiom annotations carried by an owl:Axiom or an axiom's own blank node."""
        pairs = sorted((p, o) for p, o in self.graph.predicate_objects(node) if _text(p) in self.annotation_properties)
        return "".join(f"<Annotation>{_iri('AnnotationProperty', p)}{_annotation_value(o)}</Annotation>"
                       for p, o in pairs)

    def members(self, head) -> list:
        self.used.add(head)
        node, members = head, []
        while node != RDF.nil:
            self.used.add(node)
            members.append(self.graph.value(node, RDF.first))
            node = self.graph.value(node, RDF.rest)
        return members

    def class_expression(self, term) -> str:
        if isinstance(term, URIRef):
            return _iri("Class", term)
        self.used.add(term)
        g = self.graph
        for prop, element in ((OWL.intersectionOf, "ObjectIntersectionOf"), (OWL.unionOf, "ObjectUnionOf")):
            head = g.value(term, prop)
            if head is not None:
                return f"<{element}>{''.join(self.class_expression(m) for m in self.members(head))}</{element}>"
        prop, value = g.value(term, OWL.onProperty), g.value(term, OWL.hasValue)
        if prop is not None and value is not None and self.is_(prop, "ObjectProperty"):
            return f"<ObjectHasValue>{_iri('ObjectProperty', prop)}{_iri('NamedIndividual', value)}</ObjectHasValue>"
        for quantifier, element in ((OWL.someValuesFrom, "ObjectSomeValuesFrom"), (OWL.allValuesFrom, "ObjectAllValuesFrom")):
            filler = g.value(term, quantifier)
            if prop is not None and filler is not None and self.is_(prop, "ObjectProperty"):
                return f"<{element}>{_iri('ObjectProperty', prop)}{self.class_expression(filler)}</{element}>"
        raise ValueError(f"OWL/XML writer: class expression {term} is of a kind it does not know")

    def axiom(self, s, p, o) -> tuple[int, str] | None:
        """(order, body) of the axiom one triple between named terms stands for."""
        predicate = _text(p)
        if predicate == _TYPE:
            declared = _DECLARED.get(_text(o)) if isinstance(o, URIRef) else None
            if declared:
                return 0, f"<Declaration>{_iri(declared, s)}</Declaration>"
            if isinstance(o, URIRef) and _text(o) == _FUNCTIONAL:
                kind = "ObjectProperty" if self.is_(s, "ObjectProperty") else "DataProperty"
                return 2, f"<Functional{kind}>{_iri(kind, s)}</Functional{kind}>"
            if self.is_(o, "Class"):
                return 5, f"<ClassAssertion>{_iri('Class', o)}{_iri('NamedIndividual', s)}</ClassAssertion>"
        if predicate in (_DOMAIN, _RANGE) and (self.is_(s, "ObjectProperty") or self.is_(s, "DataProperty")):
            kind = "ObjectProperty" if self.is_(s, "ObjectProperty") else "DataProperty"
            which = "Domain" if predicate == _DOMAIN else "Range"
            target = _iri("Datatype", o) if kind == "DataProperty" and which == "Range" else self.class_expression(o)
            return 2, f"<{kind}{which}>{_iri(kind, s)}{target}</{kind}{which}>"
        if predicate == _SUBCLASS:
            return 1, f"<SubClassOf>{self.class_expression(s)}{self.class_expression(o)}</SubClassOf>"
        if predicate == _EQUIVALENT:
            return 1, f"<EquivalentClasses>{self.class_expression(s)}{self.class_expression(o)}</EquivalentClasses>"
        if predicate == _DISJOINT:
            return 1, f"<DisjointClasses>{self.class_expression(s)}{self.class_expression(o)}</DisjointClasses>"
        if predicate == _DIFFERENT:
            return 4, f"<DifferentIndividuals>{_iri('NamedIndividual', s)}{_iri('NamedIndividual', o)}</DifferentIndividuals>"
        if predicate == _SAME:
            return 4, f"<SameIndividual>{_iri('NamedIndividual', s)}{_iri('NamedIndividual', o)}</SameIndividual>"
        kinds = self.kinds.get(predicate, ())
        if "ObjectProperty" in kinds:
            return 6, (f"<ObjectPropertyAssertion>{_iri('ObjectProperty', p)}{_iri('NamedIndividual', s)}"
                       f"{_iri('NamedIndividual', o)}</ObjectPropertyAssertion>")
        if "DataProperty" in kinds:
            return 6, (f"<DataPropertyAssertion>{_iri('DataProperty', p)}{_iri('NamedIndividual', s)}"
                       f"{_literal(o)}</DataPropertyAssertion>")
        if predicate in self.annotation_properties:
            return 8, (f"<AnnotationAssertion>{_iri('AnnotationProperty', p)}{_iri_value(str.__str__(s))}"
                       f"{_annotation_value(o)}</AnnotationAssertion>")
        return None

    def node_axiom(self, node) -> tuple[int, str] | None:
        """(order, body) of an axiom written as a blank node of its own."""
        g = self.graph
        types = set(g.objects(node, RDF.type))
        if OWL.NegativePropertyAssertion in types:
            prop, source = g.value(node, OWL.assertionProperty), g.value(node, OWL.sourceIndividual)
            target, value = g.value(node, OWL.targetIndividual), g.value(node, OWL.targetValue)
            if target is not None:
                return 7, (f"<NegativeObjectPropertyAssertion>{self.annotations(node)}{_iri('ObjectProperty', prop)}"
                           f"{_iri('NamedIndividual', source)}{_iri('NamedIndividual', target)}"
                           "</NegativeObjectPropertyAssertion>")
            return 7, (f"<NegativeDataPropertyAssertion>{self.annotations(node)}{_iri('DataProperty', prop)}"
                       f"{_iri('NamedIndividual', source)}{_literal(value)}</NegativeDataPropertyAssertion>")
        if OWL.AllDisjointClasses in types:
            members = "".join(self.class_expression(m) for m in self.members(g.value(node, OWL.members)))
            return 1, f"<DisjointClasses>{self.annotations(node)}{members}</DisjointClasses>"
        if OWL.AllDifferent in types:
            members = "".join(_iri("NamedIndividual", m) for m in self.members(g.value(node, OWL.members)))
            return 4, f"<DifferentIndividuals>{self.annotations(node)}{members}</DifferentIndividuals>"
        return None

    def document(self) -> str:
        g = self.graph
        (ontology,) = g.subjects(RDF.type, OWL.Ontology)
        reified: dict[tuple, list] = defaultdict(list)
        for node in g.subjects(RDF.type, OWL.Axiom):
            triple = (g.value(node, OWL.annotatedSource), g.value(node, OWL.annotatedProperty),
                      g.value(node, OWL.annotatedTarget))
            reified[triple].append(node)
            self.used.add(node)
        axioms: list[tuple[int, str]] = []
        unplaced = []
        for node in {s for s in g.subjects() if isinstance(s, BNode)}:
            found = self.node_axiom(node)
            if found:
                self.used.add(node)
                axioms.append(found)
        header = []
        ontology_text = _text(ontology)
        blank = []  # statements about blank nodes: parts of an axiom node, an expression or a list
        for triple in g:
            s, p, o = triple
            if type(s) is BNode:  # not isinstance: rdflib's terms are ABCs, slow to check against
                blank.append(triple)
                continue
            if _text(s) == ontology_text:
                if p == OWL.versionIRI or (p == RDF.type and o == OWL.Ontology):
                    continue
                if _text(p) not in self.annotation_properties:
                    unplaced.append((s, p, o))
                header.append(f"<Annotation>{_iri('AnnotationProperty', p)}{_annotation_value(o)}</Annotation>")
                continue
            found = self.axiom(s, p, o)
            if found is None:
                unplaced.append((s, p, o))
                continue
            nodes = reified.pop((s, p, o), None)
            if nodes is None:
                axioms.append(found)
                continue
            order, body = found
            element_end = body.index(">") + 1
            for node in nodes:
                axioms.append((order, body[:element_end] + self.annotations(node) + body[element_end:]))
        unplaced += [(s, p, o) for s, p, o in blank if s not in self.used
                     and not (p in NEGATIVE_STRUCTURE or p in AXIOM_STRUCTURE)]
        if reified:
            unplaced += list(reified)
        if unplaced:
            raise ValueError(f"OWL/XML writer: cannot place {len(unplaced)} triples, e.g. {sorted(unplaced)[:3]}")
        version = g.value(ontology, OWL.versionIRI)
        version_attribute = f" versionIRI={quoteattr(str(version))}" if version is not None else ""
        lines = ['<?xml version="1.0" encoding="utf-8"?>',
                 f'<Ontology xmlns="http://www.w3.org/2002/07/owl#" xml:base={quoteattr(str(ontology))} '
                 f'ontologyIRI={quoteattr(str(ontology))}{version_attribute}>']
        lines += ["    " + line for line in sorted(header)]
        lines += ["    " + body for _, body in sorted(axioms)]
        lines.append("</Ontology>")
        return "\n".join(lines) + "\n"


def serialize(graph: Graph | Iterable[tuple[Node, Node, Node]]) -> bytes:
    """The graph, an OWL 2 DL ontology document in RDF (an rdflib Graph or plain triples, looked
    up through an `Index`), as OWL/XML."""
    return _Writer(Index(graph)).document().encode("utf-8")
