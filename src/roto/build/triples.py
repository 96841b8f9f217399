"""One named graph as the compiler writes it: a set of rdflib-term triples.

Adding a triple to an rdflib Graph costs about 16 µs (its three indexes and an event per
add); a set insert costs a fraction of that, and the review plus 10,000 models is two
million triples. The compiler writes into these; `compiler.compile_content` copies them into
an rdflib Dataset for the code that reads rdflib (the release files, validation, reasoning),
`quads.compiled_quads` hands them to pyoxigraph without rdflib's store in between.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.term import Node


class Triples(set[tuple[Node, Node, Node]]):
    """A set of triples with the two lookups the compiler's helpers make of a graph (a
    scan each: they run once per graph, over a few hundred matches)."""

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return (s for s, p, o in self if p == predicate and o == obj)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return ((s, o) for s, p, o in self if p == predicate)
