"""One named graph as the compiler writes it: a set of rdflib-term triples.

Adding a triple to an rdflib Graph costs about 16 µs (its three indexes and an event per
add); a set insert costs a fraction of that, and the review plus 10,000 models is two
million triples. The compiler writes into these; `compiler.compile_content` copies them into
an rdflib Dataset for the code that reads rdflib (validation, reasoning, a small release's
Turtle, RDF/XML, JSON-LD and TriG), and `quads.compiled_quads` hands them to pyoxigraph without
rdflib's store in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from rdflib import URIRef, namespace
from rdflib.term import Node


@cache
def iri(value: str) -> URIRef:
    """One rdflib term per IRI in the process: rdflib checks each IRI it makes in Python, a
    model's IRIs recur in each of its statements, and the release's writers look terms up in
    dicts (`quads.TermText`), where an equal term that is another object costs rdflib's
    equality (Python code; at 10,000 models, two lookups in five did when this cache was
    bounded). Not bounded: a compiled graph keeps its IRIs alive anyway."""
    return URIRef(value)


class Terms:
    """An rdflib namespace whose terms, once asked for, are plain attributes (the objects of
    `iri`): rdflib looks each attribute of its namespaces up in Python (about 2 µs, more than a
    set insert) and makes a new object each time, and the compiler and writers ask for a few
    per triple."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Any:  # called the first time only: then it is an attribute
        term = iri(str(getattr(self._namespace, name)))
        setattr(self, name, term)
        return term


DCTERMS, OWL, RDF, RDFS, SKOS, XSD = (Terms(ns) for ns in (namespace.DCTERMS, namespace.OWL, namespace.RDF,
                                                            namespace.RDFS, namespace.SKOS, namespace.XSD))


_same_text: Callable[..., bool] = str.__eq__  # an IRI's equality as text, in C


class Triples(set[tuple[Node, Node, Node]]):
    """A set of triples with the two lookups the compiler's helpers make of a graph (a
    scan each: they run once per graph, over a few hundred matches). A predicate is an IRI,
    compared as its text in C: rdflib's equality is Python code, and at 10,000 models the scans
    compare a million predicates."""

    def add_all(self, triples) -> None:
        """Each of `triples` (as `quads.Lines.add_all`)."""
        self.update(triples)

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return (s for s, p, o in self if _same_text(p, predicate) and o == obj)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return ((s, o) for s, p, o in self if _same_text(p, predicate))
