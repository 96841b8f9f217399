"""The compiled graph as pyoxigraph quads, without an rdflib store in between.

`roto.open(FILES)` with a researcher's TOML models, and anything else that only needs the
compiled review plus models in pyoxigraph, take this path: the compiler's triples (see
`triples.py`) are turned term by term into pyoxigraph terms, each distinct term once.
The N-Quads pyoxigraph writes from them, sorted by line, are the bytes of `roto.nq`
(tests/test_release.py checks it), so both paths give the same graph. `roto build` takes each
term's N-Triples text instead (`TermText`, `graph_lines`): the release's line-based files
are then string work, with no pyoxigraph object per statement.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..authoring import Content
from .compiler import compile_graphs
from .triples import Triples


def term_converter():
    """A function from an rdflib term to the same pyoxigraph term, memoised by the term's
    text (a plain str: rdflib's own hash and equality are Python code, and a compiled graph
    repeats a few thousand IRIs millions of times)."""
    iris: dict[str, ox.NamedNode] = {}

    def term(node):
        if type(node) is URIRef:
            text = str.__str__(node)
            found = iris.get(text)
            if found is None:
                found = iris[text] = ox.NamedNode(text)
            return found
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            if node.datatype is not None:
                return ox.Literal(str(node), datatype=term(node.datatype))
            return ox.Literal(str(node))
        raise TypeError(f"not an RDF term: {node!r}")  # the compiler writes only IRIs, blank nodes and literals

    return term


class TermText:
    """Called on an rdflib term: its N-Triples text exactly as pyoxigraph writes it (the text of
    the same pyoxigraph term). IRIs and blank nodes are converted once each and kept in `known`,
    keyed by the rdflib term itself: it hashes as its text, in C, and the compiler's terms are
    mostly the same few objects, so a lookup seldom runs rdflib's equality (Python code). A
    literal with nothing to escape is its quoted text and the suffix pyoxigraph wrote for the
    first one of its language or datatype: no pyoxigraph object per literal."""

    def __init__(self) -> None:
        self._term = term_converter()
        self.known: dict[Node, str] = {}
        self._suffixes: dict[tuple, str] = {}  # after a literal's closing quote, by language and datatype

    def __call__(self, node) -> str:
        if type(node) is Literal:  # hashed in Python, and seldom repeated: not kept
            value = str(node)
            if value.isprintable() and '"' not in value and "\\" not in value:  # nothing pyoxigraph escapes
                suffix = self._suffixes.get((node.language, node.datatype))
                if suffix is not None:
                    return f'"{value}"{suffix}'
                written = str(self._term(node))
                self._suffixes[node.language, node.datatype] = written[len(value) + 2:]
                return written
            return str(self._term(node))
        found = self.known.get(node)
        if found is None:
            found = self.known[node] = str(self._term(node))
        return found

    @staticmethod
    def iri(value: str) -> str:
        """An IRI given as plain text (a graph's name), as N-Triples text."""
        return str(ox.NamedNode(value))


class Lines(set[str]):
    """A graph as its statements' N-Triples text ("s p o", without the closing " ."), for files
    that need only text: `add` takes a triple of terms as N-Triples text (plain str) or as
    rdflib terms (converted by `text`, a `TermText`). No `__dict__`: `roto build` makes four per
    nanopublication."""

    __slots__ = ("name", "text")

    def __init__(self, text: TermText, name: str = "") -> None:
        self.text = text  # the set itself is made empty by set.__new__
        self.name = name  # the graph's name as N-Triples text, where its maker knows it

    def add(self, triple) -> None:
        s, p, o = triple
        text = self.text
        set.add(self, f"{s if type(s) is str else text(s)} {p if type(p) is str else text(p)} "
                      f"{o if type(o) is str else text(o)}")

    def add_all(self, triples) -> None:
        """Triples whose terms are all N-Triples text (plain str, as `TextTerms` makes them),
        joined in C: `roto build` adds millions."""
        self.update(map(_JOIN, triples))


_JOIN = " ".join


def graph_lines(graphs: dict, text: TermText) -> dict[str, set[str]]:
    """Each non-empty graph's statements (`Triples` or `Lines`) as N-Triples text without the
    closing " .", distinct, in no order (each file sorts them as it needs), keyed by the graph
    name's N-Triples text."""
    known = text.known.get  # inline for IRIs and blank nodes already seen: no call into `text`
    return {getattr(triples, "name", "") or text.iri(name):  # a `Lines`' own text of its name, if made so
            triples if isinstance(triples, Lines) else
                                {f"{known(s) or text(s)} {known(p) or text(p)} "
                                 f"{text(o) if type(o) is Literal else known(o) or text(o)}"
                                 for s, p, o in triples}
            for name, triples in graphs.items() if triples}


def compiled_quads(content: Content) -> Iterator[ox.Quad]:
    """Every quad of the compiled content, graph by graph (not sorted)."""
    return as_quads(compile_graphs(content))


def as_quads(graphs: dict[str, Triples]) -> Iterator[ox.Quad]:
    """The compiler's graphs (`compile_graphs`) as pyoxigraph quads."""
    term = term_converter()
    for name, triples in graphs.items():
        graph = ox.NamedNode(name)
        for s, p, o in triples:
            yield ox.Quad(term(s), term(p), term(o), graph)


def ntriples(triples) -> bytes:
    """rdflib-term triples (a compiled graph, a researcher's RDF) as sorted N-Triples, written
    by pyoxigraph. Sorted, each node's statements come together: HermiT's parser reads the
    review plus 1,000 models in about a tenth less time so than in a set's order."""
    term = term_converter()
    return sorted_lines((ox.Triple(term(s), term(p), term(o)) for s, p, o in triples), ox.RdfFormat.N_TRIPLES)


def sorted_lines(statements, syntax: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes:
    """N-Quads (or N-Triples), one distinct line per statement, in code-point order: the
    bytes of `roto.nq` and `roto.nt`."""
    text = (ox.serialize(statements, format=syntax) or b"").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")
