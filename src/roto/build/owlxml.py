"""OWL/XML (`roto.owx`) from the ontology's sorted N-Triples, written in Python, deterministically.

Some OWL tools read OWL/XML more completely than RDF/XML: py-horned-owl 2.0.0 reads every
negative property assertion that carries annotations and every owl:AllDisjointClasses
from OWL/XML, and none from RDF. The build must not need Java (the OWL API could write
this format), so this module maps the RDF graph back to OWL 2 axioms (the reverse of the
OWL 2 RDF mapping) for the constructs ROTO uses, and refuses a triple it cannot place
rather than leaving it out.

It reads the bytes of `roto.nt` (one line per distinct triple in code-point order, as
`release._nquads_ntriples` makes them), not rdflib terms: at 10,000 models (two million
triples) an index of rdflib terms made this writer 33 s of CPU. Each term stays its
N-Triples text, decoded only where it is written (N-Triples escapes undone, then XML's
applied), and no index of the graph is needed: sorted, the statements about IRIs come first
(`<` sorts before `_`) and each blank node's statements together, so an annotated axiom's
node is read whole in one pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .triples import OWL, RDF, RDFS, XSD


def _nt(term: object) -> bytes:
    """An IRI's N-Triples text, as the lines hold it."""
    return f"<{term}>".encode()


DECLARATIONS = {_nt(OWL.Class): "Class", _nt(OWL.ObjectProperty): "ObjectProperty",
                _nt(OWL.DatatypeProperty): "DataProperty", _nt(OWL.AnnotationProperty): "AnnotationProperty",
                _nt(OWL.NamedIndividual): "NamedIndividual", _nt(RDFS.Datatype): "Datatype"}
BUILTIN_ANNOTATIONS = {_nt(t) for t in (RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo,
                                        OWL.deprecated)}
AXIOM_STRUCTURE = {_nt(t) for t in (RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)}
NEGATIVE_STRUCTURE = {_nt(t) for t in (RDF.type, OWL.sourceIndividual, OWL.assertionProperty, OWL.targetIndividual,
                                       OWL.targetValue)}
_TYPE, _FIRST, _REST, _NIL = (_nt(t) for t in (RDF.type, RDF.first, RDF.rest, RDF.nil))
_FUNCTIONAL, _DOMAIN, _RANGE = (_nt(t) for t in (OWL.FunctionalProperty, RDFS.domain, RDFS.range))
_SUBCLASS, _EQUIVALENT, _DISJOINT = (_nt(t) for t in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith))
_DIFFERENT, _SAME, _ONTOLOGY, _VERSION = (_nt(t) for t in (OWL.differentFrom, OWL.sameAs, OWL.Ontology,
                                                           OWL.versionIRI))
_AXIOM, _SOURCE, _PROPERTY, _TARGET = (_nt(t) for t in (OWL.Axiom, OWL.annotatedSource, OWL.annotatedProperty,
                                                        OWL.annotatedTarget))
_NEGATIVE, _ALL_DISJOINT, _ALL_DIFFERENT, _MEMBERS = (_nt(t) for t in (
    OWL.NegativePropertyAssertion, OWL.AllDisjointClasses, OWL.AllDifferent, OWL.members))
_ASSERTED, _FROM, _TO, _TO_VALUE = (_nt(t) for t in (OWL.assertionProperty, OWL.sourceIndividual,
                                                      OWL.targetIndividual, OWL.targetValue))
_ON, _HAS_VALUE = _nt(OWL.onProperty), _nt(OWL.hasValue)
_SPECIAL = {_TYPE, _DOMAIN, _RANGE, _SUBCLASS, _EQUIVALENT, _DISJOINT, _DIFFERENT, _SAME}
_LISTS = ((_nt(OWL.intersectionOf), "ObjectIntersectionOf"), (_nt(OWL.unionOf), "ObjectUnionOf"))
_QUANTIFIERS = ((_nt(OWL.someValuesFrom), "ObjectSomeValuesFrom"), (_nt(OWL.allValuesFrom), "ObjectAllValuesFrom"))


_UNSORTED = "OWL/XML writer: the N-Triples are not sorted"


def _refuse(term: bytes, what: str) -> ValueError:
    return ValueError(f"OWL/XML writer: cannot place {term.decode() or 'a missing term'}: {what}")


def _decoded(term: bytes) -> str:
    """The text of an IRI or of a literal's lexical form, from N-Triples holding an escape:
    read by pyoxigraph, which wrote it (rare: only a few characters are escaped)."""
    (triple,) = ox.parse(b"<x:s> <x:p> " + term + b" .", format=ox.RdfFormat.N_TRIPLES)
    return triple.object.value


def _iri_text(term: bytes) -> str:
    if term[:1] != b"<":
        raise _refuse(term, "only an IRI can stand here")
    return _decoded(term) if b"\\" in term else term[1:-1].decode()


@cache  # a few thousand IRIs recur millions of times at 10,000 models; quoting is Python code
def _iri(kind: str, term: bytes) -> str:
    return f"<{kind} IRI={quoteattr(_iri_text(term))}/>"


@cache
def _iri_value(term: bytes) -> str:
    return f"<IRI>{escape(_iri_text(term))}</IRI>"


def _split_literal(term: bytes) -> tuple[str, bytes]:
    """A literal's lexical form and what follows its closing quote (`@lang`, `^^<datatype>`
    or nothing: xsd:string)."""
    end = term.rfind(b'"')  # a quote inside the value is escaped, and none follows the value
    if term[:1] != b'"' or end < 1:
        raise _refuse(term, "only a literal can stand here")
    return (_decoded(term[:end + 1]) if b"\\" in term else term[1:end].decode()), term[end + 1:]


@cache
def _literal_attribute(suffix: bytes) -> str:
    if suffix[:1] == b"@":
        return f"xml:lang={quoteattr(suffix[1:].decode())}"
    return f"datatypeIRI={quoteattr(_iri_text(suffix[2:]) if suffix else str(XSD.string))}"


def _literal(term: bytes) -> str:
    value, suffix = _split_literal(term)
    return f"<Literal {_literal_attribute(suffix)}>{escape(value)}</Literal>"


def _annotation_value(term: bytes) -> str:
    return _literal(term) if term[:1] == b'"' else _iri_value(term)


_property_text = cache(_iri_text)  # the few annotation properties, decoded to order annotations by


@cache  # an axiom's evidence, source and locators recur across thousands of statements
def _iri_annotation(p: bytes, o: bytes) -> tuple[tuple | None, str]:
    return (_iri_text(p), 0, _iri_text(o)), f"<Annotation>{_iri('AnnotationProperty', p)}{_iri_value(o)}</Annotation>"


def _annotation(p: bytes, o: bytes) -> tuple[tuple | None, str]:
    """An axiom annotation's element and where it goes among the axiom's: by property, then
    value, as rdflib orders terms (IRIs before literals; literals by language, none first,
    then text; None for a typed value, which rdflib orders by what it means: `_rdflib_order`)."""
    if o[:1] != b'"':
        return _iri_annotation(p, o)
    value, suffix = _split_literal(o)
    element = (f"<Annotation>{_iri('AnnotationProperty', p)}<Literal {_literal_attribute(suffix)}>{escape(value)}"
               "</Literal></Annotation>")
    return (None if suffix[:1] == b"^" else (_property_text(p), 1, suffix[1:].decode(), value)), element


def _rdflib_order(pair: tuple[bytes, bytes]) -> tuple:
    """An annotation's place among values that rdflib orders by what they mean (numbers,
    dates): its terms."""
    from rdflib import Literal, URIRef

    p, o = pair
    if o[:1] != b'"':
        return URIRef(_iri_text(p)), URIRef(_iri_text(o))
    value, suffix = _split_literal(o)
    if suffix[:1] == b"@":
        return URIRef(_iri_text(p)), Literal(value, lang=suffix[1:].decode())
    return URIRef(_iri_text(p)), Literal(value, datatype=_iri_text(suffix[2:]) if suffix else None)


def _described(pairs: list[tuple[bytes, bytes]]) -> tuple[dict[bytes, bytes], set[bytes]]:
    """A blank node's value of each predicate, and its types."""
    values = dict(pairs)
    return values, {values.get(_TYPE, b"")} if len(values) == len(pairs) else {o for p, o in pairs if p == _TYPE}


class _Writer:
    def __init__(self, nt: bytes):
        self.nt = nt
        self.kinds: dict[bytes, set[str]] = defaultdict(set)  # of IRIs, by their N-Triples text
        self.ontologies: list[bytes] = []
        # the first line about a blank node: every line after it must be one too, the statements
        # about each node together, or they would be read as two nodes'
        self.blank_start = 0 if nt[:2] == b"_:" else nt.find(b"\n_:") + 1 or len(nt)
        if nt.find(b"\n<", self.blank_start) != -1:
            raise ValueError(_UNSORTED)
        for line in BytesIO(nt):  # every declaration first: an axiom's form depends on its terms' kinds
            if line[:1] == b"_":
                break
            s, p, o = line.split(b" ", 2)
            if p == _TYPE:
                o = o.rstrip(b" .\n")
                kind = DECLARATIONS.get(o)
                if kind:
                    self.kinds[s].add(kind)
                elif o == _ONTOLOGY:
                    self.ontologies.append(s)
        self.annotation_properties = {e for e, k in self.kinds.items() if "AnnotationProperty" in k} | \
            BUILTIN_ANNOTATIONS
        self.described: dict[bytes, list[tuple[bytes, bytes]]] = {}  # blank nodes not yet placed
        self.used: set[bytes] = set()  # blank nodes consumed as parts of an axiom or expression

    def named(self) -> Iterator[tuple[bytes, bytes, bytes, bytes]]:
        """Each statement about an IRI (the lines before the first about a blank node) as its
        text ("s p o", the key of an annotated axiom) and its three terms."""
        for line in BytesIO(self.nt):
            if line[:1] == b"_":
                return
            triple = line.rstrip(b" .\n")  # no term ends in a space, a full stop or a newline
            s, p, o = triple.split(b" ", 2)
            yield triple, s, p, o

    def blank(self) -> Iterator[tuple[bytes, list[tuple[bytes, bytes]]]]:
        """Each blank node with its statements' (predicate, object)s."""
        lines = BytesIO(self.nt)  # shares the bytes: no copy
        lines.seek(self.blank_start)
        node = b""
        pairs: list[tuple[bytes, bytes]] = []
        for line in lines:
            s, p, o = line.split(b" ", 2)
            if s != node:
                if s < node:
                    raise ValueError(_UNSORTED)
                if pairs:
                    yield node, pairs
                node, pairs = s, []
            pairs.append((p, o.rstrip(b" .\n")))
        if pairs:
            yield node, pairs

    def is_(self, term: bytes, kind: str) -> bool:
        return kind in self.kinds.get(term, ())

    def value(self, node: bytes, predicate: bytes) -> bytes | None:
        return next((o for p, o in self.described.get(node, ()) if p == predicate), None)

    def annotations(self, pairs: list[tuple[bytes, bytes]]) -> str:
        """The axiom annotations carried by an owl:Axiom or an axiom's own blank node."""
        properties = self.annotation_properties
        ranked = [_annotation(p, o) for p, o in pairs if p in properties]
        if len(ranked) > 1:
            if any(order is None for order, _ in ranked):
                chosen = [(p, o) for p, o in pairs if p in properties]
                ranked = [(_rdflib_order(pair), element) for pair, (_, element) in zip(chosen, ranked, strict=True)]
            ranked.sort()
        return "".join([element for _, element in ranked])

    def members(self, head: bytes | None) -> list[bytes | None]:
        node, members = head, []
        while node != _NIL:
            if node is None or node[:1] != b"_":
                raise ValueError(f"OWL/XML writer: {head!r} is not a list")
            self.used.add(node)
            members.append(self.value(node, _FIRST))
            node = self.value(node, _REST)
        return members

    def class_expression(self, term: bytes | None) -> str:
        if term is None or term[:1] != b"_":
            return _iri("Class", term or b"")
        self.used.add(term)
        for connective, element in _LISTS:
            head = self.value(term, connective)
            if head is not None:
                return f"<{element}>{''.join(self.class_expression(m) for m in self.members(head))}</{element}>"
        prop, value = self.value(term, _ON), self.value(term, _HAS_VALUE)
        if prop is not None and value is not None and self.is_(prop, "ObjectProperty"):
            return f"<ObjectHasValue>{_iri('ObjectProperty', prop)}{_iri('NamedIndividual', value)}</ObjectHasValue>"
        for quantifier, element in _QUANTIFIERS:
            filler = self.value(term, quantifier)
            if prop is not None and filler is not None and self.is_(prop, "ObjectProperty"):
                return f"<{element}>{_iri('ObjectProperty', prop)}{self.class_expression(filler)}</{element}>"
        raise ValueError(f"OWL/XML writer: class expression {term.decode()} is of a kind it does not know")

    def axiom(self, s: bytes, p: bytes, o: bytes) -> tuple[int, str] | None:
        """(order, body) of the axiom one triple between named terms stands for."""
        if p in _SPECIAL:
            found = self.special_axiom(s, p, o)
            if found:
                return found
        kinds = self.kinds.get(p, ())
        if "ObjectProperty" in kinds:
            return 6, (f"<ObjectPropertyAssertion>{_iri('ObjectProperty', p)}{_iri('NamedIndividual', s)}"
                       f"{_iri('NamedIndividual', o)}</ObjectPropertyAssertion>")
        if "DataProperty" in kinds:
            return 6, (f"<DataPropertyAssertion>{_iri('DataProperty', p)}{_iri('NamedIndividual', s)}"
                       f"{_literal(o)}</DataPropertyAssertion>")
        if p in self.annotation_properties:
            return 8, (f"<AnnotationAssertion>{_iri('AnnotationProperty', p)}{_iri_value(s)}"
                       f"{_annotation_value(o)}</AnnotationAssertion>")
        return None

    def special_axiom(self, s: bytes, p: bytes, o: bytes) -> tuple[int, str] | None:
        """`axiom` for the predicates of OWL's own vocabulary it maps (`_SPECIAL`)."""
        if p == _TYPE:
            declared = DECLARATIONS.get(o)
            if declared:
                return 0, f"<Declaration>{_iri(declared, s)}</Declaration>"
            if o == _FUNCTIONAL:
                kind = "ObjectProperty" if self.is_(s, "ObjectProperty") else "DataProperty"
                return 2, f"<Functional{kind}>{_iri(kind, s)}</Functional{kind}>"
            if self.is_(o, "Class"):
                return 5, f"<ClassAssertion>{_iri('Class', o)}{_iri('NamedIndividual', s)}</ClassAssertion>"
        if p in (_DOMAIN, _RANGE) and (self.is_(s, "ObjectProperty") or self.is_(s, "DataProperty")):
            kind = "ObjectProperty" if self.is_(s, "ObjectProperty") else "DataProperty"
            which = "Domain" if p == _DOMAIN else "Range"
            target = _iri("Datatype", o) if kind == "DataProperty" and which == "Range" else self.class_expression(o)
            return 2, f"<{kind}{which}>{_iri(kind, s)}{target}</{kind}{which}>"
        if p == _SUBCLASS:
            return 1, f"<SubClassOf>{self.class_expression(s)}{self.class_expression(o)}</SubClassOf>"
        if p == _EQUIVALENT:
            return 1, f"<EquivalentClasses>{self.class_expression(s)}{self.class_expression(o)}</EquivalentClasses>"
        if p == _DISJOINT:
            return 1, f"<DisjointClasses>{self.class_expression(s)}{self.class_expression(o)}</DisjointClasses>"
        if p == _DIFFERENT:
            return 4, f"<DifferentIndividuals>{_iri('NamedIndividual', s)}{_iri('NamedIndividual', o)}</DifferentIndividuals>"
        if p == _SAME:
            return 4, f"<SameIndividual>{_iri('NamedIndividual', s)}{_iri('NamedIndividual', o)}</SameIndividual>"
        return None

    def negative_assertion(self, pairs: list[tuple[bytes, bytes]], values: dict[bytes, bytes]) -> str:
        """The body of an owl:NegativePropertyAssertion's axiom (order 7)."""
        prop, source, target = values.get(_ASSERTED, b""), values.get(_FROM, b""), values.get(_TO)
        if target is not None:
            return (f"<NegativeObjectPropertyAssertion>{self.annotations(pairs)}{_iri('ObjectProperty', prop)}"
                    f"{_iri('NamedIndividual', source)}{_iri('NamedIndividual', target)}</NegativeObjectPropertyAssertion>")
        return (f"<NegativeDataPropertyAssertion>{self.annotations(pairs)}{_iri('DataProperty', prop)}"
                f"{_iri('NamedIndividual', source)}{_literal(values.get(_TO_VALUE, b''))}</NegativeDataPropertyAssertion>")

    def node_axiom(self, node: bytes, pairs: list[tuple[bytes, bytes]]) -> tuple[int, str] | None:
        """(order, body) of an axiom written as a blank node of its own."""
        values, types = _described(pairs)
        if _NEGATIVE in types:
            return 7, self.negative_assertion(pairs, values)
        if _ALL_DISJOINT in types:
            members = "".join(self.class_expression(m) for m in self.members(self.value(node, _MEMBERS)))
            return 1, f"<DisjointClasses>{self.annotations(pairs)}{members}</DisjointClasses>"
        if _ALL_DIFFERENT in types:
            members = "".join(_iri("NamedIndividual", m or b"") for m in self.members(self.value(node, _MEMBERS)))
            return 4, f"<DifferentIndividuals>{self.annotations(pairs)}{members}</DifferentIndividuals>"
        return None

    def document(self) -> str:
        if len(self.ontologies) != 1:
            raise ValueError(f"OWL/XML writer: {len(self.ontologies)} IRIs typed owl:Ontology, one expected")
        (ontology,) = self.ontologies
        reified: dict[bytes, list[str]] = defaultdict(list)  # the annotations of each annotated triple's axioms
        axioms: list[list[str]] = [[] for _ in range(9)]  # bodies by their order in the document
        for node, pairs in self.blank():  # axiom nodes are placed now, not kept: they need no other node
            values, types = _described(pairs)
            if _AXIOM in types:
                triple = b" ".join((values.get(_SOURCE, b"?"), values.get(_PROPERTY, b"?"), values.get(_TARGET, b"?")))
                reified[triple].append(self.annotations(pairs))
            if _NEGATIVE in types:
                axioms[7].append(self.negative_assertion(pairs, values))
            elif _AXIOM not in types:
                self.described[node] = pairs
        for node, pairs in self.described.items():
            found = self.node_axiom(node, pairs)
            if found:
                self.used.add(node)
                axioms[found[0]].append(found[1])
        header: list[str] = []
        unplaced: list[bytes] = []
        version = None
        for triple, s, p, o in self.named():
            if s == ontology:
                if p == _VERSION:
                    version = o
                    continue
                if p == _TYPE and o == _ONTOLOGY:
                    continue
                if p not in self.annotation_properties:
                    unplaced.append(triple)
                header.append(f"<Annotation>{_iri('AnnotationProperty', p)}{_annotation_value(o)}</Annotation>")
                continue
            found = self.axiom(s, p, o)
            if found is None:
                unplaced.append(triple)
                continue
            order, body = found
            annotated = reified.pop(triple, None)
            if annotated is None:
                axioms[order].append(body)
                continue
            element_end = body.index(">") + 1
            axioms[order] += [body[:element_end] + annotations + body[element_end:] for annotations in annotated]
        unplaced += [b" ".join((s, p, o)) for s, pairs in self.described.items() if s not in self.used
                     for p, o in pairs if not (p in NEGATIVE_STRUCTURE or p in AXIOM_STRUCTURE)]
        unplaced += reified
        if unplaced:
            examples = [triple.decode() for triple in sorted(unplaced)[:3]]
            raise ValueError(f"OWL/XML writer: cannot place {len(unplaced)} triples, e.g. {examples}")
        version_attribute = f" versionIRI={quoteattr(_iri_text(version))}" if version is not None else ""
        lines = ['<?xml version="1.0" encoding="utf-8"?>\n'
                 f'<Ontology xmlns="http://www.w3.org/2002/07/owl#" xml:base={quoteattr(_iri_text(ontology))} '
                 f'ontologyIRI={quoteattr(_iri_text(ontology))}{version_attribute}>']
        lines += sorted(header)
        for bodies in axioms:
            bodies.sort()
            lines += bodies
        lines[-1] += "\n</Ontology>\n"  # joined in: no copy of the whole document to add it
        return "\n    ".join(lines)  # each line after the first two indented


def serialize(nt: bytes) -> bytes:
    """An OWL 2 DL ontology document in RDF, given as sorted N-Triples (`roto.nt`), as OWL/XML."""
    return _Writer(nt).document().encode("utf-8")
