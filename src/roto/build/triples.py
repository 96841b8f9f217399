"""One named graph as the compiler writes it: a set of rdflib-term triples.

Adding a triple to an rdflib Graph costs about 16 µs (its three indexes and an event per
add); a set insert costs a fraction of that, and the review plus 10,000 models is two
million triples. The compiler writes into these; `compiler.compile_content` copies them into
an rdflib Dataset for the code that reads rdflib (validation, reasoning, a small release's
Turtle, RDF/XML, JSON-LD and TriG), `quads.compiled_quads` hands them to pyoxigraph without
rdflib's store in between, and `Index` answers the OWL/XML writer's lookups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import namespace
from rdflib.term import Node


class Terms:
    """An rdflib namespace whose terms, once asked for, are plain attributes: rdflib looks each
    attribute of its namespaces up in Python (about 2 µs, more than a set insert), and the
    compiler and writers ask for a few per triple."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Any:  # called the first time only: then it is an attribute
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DCTERMS, OWL, RDF, RDFS, SKOS, XSD = (Terms(ns) for ns in (namespace.DCTERMS, namespace.OWL, namespace.RDF,
                                                            namespace.RDFS, namespace.SKOS, namespace.XSD))


class Triples(set[tuple[Node, Node, Node]]):
    """A set of triples with the two lookups the compiler's helpers make of a graph (a
    scan each: they run once per graph, over a few hundred matches)."""

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return (s for s, p, o in self if p == predicate and o == obj)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return ((s, o) for s, p, o in self if p == predicate)


class Index:
    """Read-only lookups by subject (and of rdf:type by class) over plain triples: what the
    OWL/XML writer asks of a graph, without copying millions of triples into rdflib's store."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]):
        # keyed by each term's plain text: rdflib compares terms in Python, str does it in C
        # (a blank node's id and an IRI never share a text: ids are not absolute IRIs)
        self._triples = triples
        self._subjects: dict[str, Node] = {}
        self._by_subject: dict[str, list[tuple[Node, Node]]] = defaultdict(list)
        self._typed: dict[str, list[Node]] = defaultdict(list)
        rdf_type, text = str(RDF.type), str.__str__
        for s, p, o in triples:
            key = text(s)
            self._subjects.setdefault(key, s)
            self._by_subject[key].append((p, o))
            if text(p) == rdf_type:
                self._typed[text(o)].append(s)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self._triples)

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        if predicate is None and obj is None:
            return iter(self._subjects.values())
        if predicate != RDF.type or obj is None:
            raise NotImplementedError("Index looks subjects up by rdf:type only")
        return iter(self._typed.get(str.__str__(obj), ()))

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        return iter(self._by_subject.get(str.__str__(subject), ()))

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        key = str.__str__(predicate)  # predicates are IRIs: their text is the whole comparison
        return (o for p, o in self._by_subject.get(str.__str__(subject), ()) if str.__str__(p) == key)

    def value(self, subject: Node, predicate: Node) -> Any:  # a Node, or None: the writer checks
        return next(self.objects(subject, predicate), None)
