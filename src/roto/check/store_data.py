"""The data graph in a pyoxigraph store, read back with rdflib terms where a report names
nodes (`results.describe`, `Origins`): `value`, `objects` and `subjects`, as an rdflib
Graph answers them. The compiled engine needs no rdflib Graph of the data, whose making is
most of what validating thousands of models costs.

pyoxigraph stores a literal of a type derived from xsd:integer (xsd:positiveInteger, say)
as an xsd:integer, and rdflib keeps a plain literal apart from an xsd:string one: those
literals are remembered as given, so a check of sh:datatype and a report see the data; data
where two of them would become one is marked `merged` (pySHACL validates it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

_STRING = str(XSD.string)
INTEGER_TYPES = {XSD[name] for name in ("int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                                    "unsignedShort", "unsignedByte")}
_TRACKED = {*INTEGER_TYPES, XSD.integer, XSD.string}
_CHUNK = 100_000  # lines of N-Triples handed to pyoxigraph at once


# A line of N-Triples whose object is a literal of a type `_TRACKED` keeps as given.
_TRACKED_LINE = re.compile(rb'"\^\^<(?:' + b"|".join(re.escape(str(t).encode()) for t in sorted(_TRACKED)) + rb')> \.\n')


def _tracked_lines(ntriples: bytes) -> Iterator[bytes]:
    for match in _TRACKED_LINE.finditer(ntriples):
        yield ntriples[ntriples.rfind(b"\n", 0, match.start()) + 1:match.end()]


class Part(NamedTuple):
    """What a `StoreData` remembers of the literals of triples converted in another process
    (`StoreData.part`), for `StoreData.add`."""

    literals: dict[tuple, Literal]
    lost: list[tuple]
    merged: str | None


class StoreData:
    """Triples of rdflib terms, held by pyoxigraph (the default graph)."""

    def __init__(self, triples: Iterable[tuple], cached: bytes = b""):
        """`triples` (rdflib terms) and `cached`: N-Triples of compiled triples
        (`roto.check.triples_cache`), whose blank nodes keep their labels."""
        from ..build.quads import term_converter

        self.store = ox.Store()
        self.convert = term_converter()
        self.literals: dict[tuple, Literal] = {}  # (s, p, text, type) as pyoxigraph holds them -> the literal given
        # Two literals rdflib keeps apart but pyoxigraph holds as one ("3"^^xsd:integer and
        # "3"^^xsd:positiveInteger of one property, say): the compiled engine would see one value.
        self.merged: str | None = None
        self.lost: list[tuple] = []  # the triples merged away, for `graph()`
        self.size = 0  # about how many triples it holds (those given twice counted twice)
        if cached:
            self.read([cached])
            for q in ox.parse(b"".join(_tracked_lines(cached)), format=ox.RdfFormat.N_TRIPLES):
                given = Literal(q.object.value, datatype=URIRef(q.object.datatype.value))
                self._track(q.subject, q.predicate, given, (self.rdflib(q.subject), URIRef(q.predicate.value), given))
        self.read(self._ntriples(triples))
        if isinstance(triples, Graph) and self.merged is None:
            plain = next((o for s, p, o in triples if isinstance(o, Literal) and o.datatype == XSD.string
                          and (s, p, Literal(str(o))) in triples), None)
            if plain is not None:
                self.merged = f'"{plain}" both as a plain literal and as an xsd:string'

    @classmethod
    def part(cls, triples: Iterable[tuple], send: Callable[[bytes], None]) -> Part:
        """`triples` converted as they would be held and `send` a chunk of N-Triples at a time,
        for another process's data to `read` (most of them are converted in a forked child,
        `roto.check.data`); then what to `add` of them."""
        made = cls(())
        for chunk in made._ntriples(triples):
            send(chunk)
        return Part(made.literals, made.lost, made.merged)

    def read(self, ntriples: Iterable[bytes]) -> None:
        """Hold the triples of these chunks of N-Triples too (blank nodes keep their labels)."""
        for chunk in ntriples:
            self.store.bulk_extend(ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES))
            self.size += chunk.count(b"\n")

    def add(self, part: Part) -> None:
        """What a `part` remembers of its triples, once they are `read`."""
        for (subject, predicate, _, _), given in part.literals.items():
            self._track(subject, predicate, given, (self.rdflib(subject), URIRef(predicate.value), given))
        self.lost += part.lost
        self.merged = self.merged or part.merged

    def _ntriples(self, triples: Iterable[tuple]) -> Iterator[bytes]:
        """`triples` as N-Triples, `_CHUNK` lines at a time, each IRI's and blank node's text
        made once (`quads.TermText`): pyoxigraph reads them in Rust in a third of the time
        making a pyoxigraph term of each statement's terms in Python takes."""
        from ..build.quads import TermText

        text, lines = TermText(), []
        known = text.known.get  # inline for IRIs and blank nodes already seen: no call into `text`
        for s, p, o in triples:
            if type(o) is not URIRef and isinstance(o, Literal):
                if o.datatype in _TRACKED:
                    self._track(self.convert(s), self.convert(p), o, (s, p, o))
                obj = text(o)
            else:
                obj = known(o) or text(o)
            lines.append(f"{known(s) or text(s)} {known(p) or text(p)} {obj} .\n")
            if len(lines) == _CHUNK:
                yield "".join(lines).encode()
                lines = []
        yield "".join(lines).encode()

    def _track(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode, o: Literal, triple: tuple) -> None:
        """Remember a literal of a type pyoxigraph would change as given (`triple`: the
        statement in rdflib terms)."""
        stored = XSD.integer if o.datatype in INTEGER_TYPES else o.datatype
        given = self.literals.setdefault((subject, predicate, str(o), str(stored)), o)
        if given != o:
            self.lost.append(triple)
            self.merged = self.merged or f'"{o}" both as <{given.datatype}> and as <{o.datatype}>'

    def ox(self, node):
        """An rdflib term as pyoxigraph's (each IRI made once)."""
        return self.convert(node)

    def rdflib(self, node, subject=None, predicate=None):
        """A pyoxigraph term as the rdflib term of the data (for a literal, the one given
        as the object of `subject` `predicate` where that is known)."""
        if node is None:
            return None
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        if subject is not None and \
                (given := self.literals.get((subject, predicate, node.value, node.datatype.value))) is not None:
            return given
        if node.language:
            return Literal(node.value, lang=node.language)
        datatype = node.datatype.value
        return Literal(node.value, datatype=None if datatype == _STRING else URIRef(datatype))

    def query(self, text: str, **kwargs):
        return self.store.query(text, **kwargs)

    # What `describe` and `Origins` ask of the data, in rdflib terms.
    def objects(self, subject, predicate) -> Iterator:
        if isinstance(subject, Literal) or subject is None:  # a literal has no statements about it
            return iter(())
        s, p = self.ox(subject), self.ox(predicate)
        return (self.rdflib(q.object, s, p) for q in self.store.quads_for_pattern(s, p, None))

    def subjects(self, predicate, obj) -> Iterator:
        return (self.rdflib(q.subject) for q in self.store.quads_for_pattern(None, self.ox(predicate), self.ox(obj)))

    def value(self, subject, predicate):
        return next(self.objects(subject, predicate), None)

    def graph(self) -> Graph:
        """The data as an rdflib Graph, as given (for pySHACL)."""
        graph = Graph()
        for triple in self.lost:
            graph.add(triple)
        for q in self.store.quads_for_pattern(None, None, None):
            s = self.rdflib(q.subject)
            graph.add((s, self.rdflib(q.predicate), self.rdflib(q.object, q.subject, q.predicate)))
        return graph
