"""RDF/XML with typed node elements, written deterministically.

rdflib's plain `xml` writer makes every node an `rdf:Description`, which pronto (and so
oaklib's `pronto:` input) refuses: they look for `owl:Ontology`, `owl:Class`... elements.
Its `pretty-xml` writer nests blank nodes but drops triples on list nodes. This writer
emits one flat element per subject, named by its OWL type (`owl:Class`,
`owl:NamedIndividual`, `owl:Axiom`...), blank nodes by `rdf:nodeID`, the ontology header
first, then named subjects and blank nodes each in sorted order.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

# The type that names a node's element, in order of preference.
ELEMENT_TYPES = (OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                 RDFS.Datatype, OWL.NamedIndividual, OWL.Axiom, OWL.NegativePropertyAssertion,
                 OWL.AllDisjointClasses, OWL.AllDifferent, OWL.Restriction)
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def _qnames(graph: Graph) -> dict[str, str]:
    """Namespace IRI -> prefix, from the graph's bindings."""
    return {str(namespace): prefix for prefix, namespace in graph.namespaces() if prefix}


def _qname(term: Node, namespaces: dict[str, str]) -> str:
    """`prefix:local` for a predicate or type; the longest bound namespace wins."""
    for namespace in sorted(namespaces, key=len, reverse=True):
        local = str(term)[len(namespace):]
        if str(term).startswith(namespace) and _NCNAME.match(local):
            return f"{namespaces[namespace]}:{local}"
    raise ValueError(f"no namespace prefix can write {term} as an XML element name")


def _node_id(node: BNode) -> str:
    return str(node) if _NCNAME.match(str(node)) else f"b{node}"


def _subject_attribute(subject) -> str:
    if isinstance(subject, BNode):
        return f"rdf:nodeID={quoteattr(_node_id(subject))}"
    return f"rdf:about={quoteattr(str(subject))}"


def _property(name: str, value) -> str:
    if isinstance(value, BNode):
        return f"<{name} rdf:nodeID={quoteattr(_node_id(value))}/>"
    if isinstance(value, URIRef):
        return f"<{name} rdf:resource={quoteattr(str(value))}/>"
    assert isinstance(value, Literal)
    if value.language:
        attribute = f" xml:lang={quoteattr(value.language)}"
    elif value.datatype:
        attribute = f" rdf:datatype={quoteattr(str(value.datatype))}"
    else:
        attribute = ""
    return f"<{name}{attribute}>{escape(str(value))}</{name}>"


def _subject_order(graph: Graph, subject) -> tuple:
    ontology = (subject, RDF.type, OWL.Ontology) in graph
    return (not ontology, isinstance(subject, BNode), str(subject))


def serialize(graph: Graph) -> bytes:
    """The graph as RDF/XML with typed node elements, byte-identical for the same graph."""
    namespaces = _qnames(graph)
    used = {_qname(p, namespaces).split(":")[0] for p in set(graph.predicates())} | {"rdf", "owl", "rdfs"}
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"   xmlns:{prefix}={quoteattr(ns)}" for ns, prefix in sorted(namespaces.items(), key=lambda i: i[1])
              if prefix in used]
    lines[-1] += ">"
    for subject in sorted(set(graph.subjects()), key=lambda s: _subject_order(graph, s)):
        types = set(graph.objects(subject, RDF.type))
        element_type = next((t for t in ELEMENT_TYPES if t in types), None)
        element = _qname(element_type, namespaces) if element_type else "rdf:Description"
        body: list[tuple[Node, Node]] = [(RDF.type, t) for t in types if t != element_type]
        body += [(p, o) for p, o in graph.predicate_objects(subject) if p != RDF.type]
        body.sort(key=lambda po: (str(po[0]), po[1].n3()))
        lines.append(f"  <{element} {_subject_attribute(subject)}>" if body else
                     f"  <{element} {_subject_attribute(subject)}/>")
        if body:
            lines += ["    " + _property(_qname(p, namespaces), o) for p, o in body]
            lines.append(f"  </{element}>")
    lines.append("</rdf:RDF>")
    return ("\n".join(lines) + "\n").encode("utf-8")
