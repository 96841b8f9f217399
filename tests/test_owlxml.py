"""The OWL/XML writer reads the release's sorted N-Triples text: awkward text comes out as the
writer wrote it from rdflib terms before, blank nodes never show, and what it cannot place is
refused. (At 10,000 models its output was compared byte for byte with the old writer's.)"""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from roto.build import owlxml
from roto.build.quads import ntriples

EX = "http://example.org/o#"
ONTOLOGY = URIRef("http://example.org/o")
XSD = "http://www.w3.org/2001/XMLSchema#"  # a string: pytest would ask rdflib's XSD for names it warns of
AWKWARD = 'A "quoted" back\\slash,\nnew line,\r\ttab, <tag> & more, café 😀 \x7f\b'
NODES = ("axiom1", "axiom2", "negative1", "list1", "list2", "special1", "restriction1", "parts1", "parts2",
         "different1", "dlist1", "dlist2")


def iri(name: str) -> URIRef:
    return URIRef(EX + name)


def small_graph() -> set:
    """Every construct the writer maps, with quotes, backslashes, control characters, markup,
    non-ASCII text and IRIs, languages and datatypes; axioms annotated twice by one property,
    in rdflib's order (IRIs first, integers by value)."""
    a, cafe, b = iri("a&b"), iri("caf\u00e9"), iri("b")
    axiom, labelled, negative, members, rest, special, restriction, parts, parts2, different, dmembers, drest = (
        BNode(name) for name in NODES)
    label = Literal('say "hi"\\n', lang="en")
    return {
        (ONTOLOGY, RDF.type, OWL.Ontology), (ONTOLOGY, OWL.versionIRI, URIRef(EX + "1.0")),
        (ONTOLOGY, RDFS.comment, Literal(AWKWARD, lang="en")), (ONTOLOGY, RDFS.seeAlso, URIRef("http://example.org/x?a=1&b='2'")),
        (iri("Model"), RDF.type, OWL.Class), (iri("Other"), RDF.type, OWL.Class), (iri("Special"), RDF.type, OWL.Class),
        (iri("uses"), RDF.type, OWL.ObjectProperty), (iri("count"), RDF.type, OWL.DatatypeProperty),
        (iri("count"), RDF.type, OWL.FunctionalProperty), (iri("note"), RDF.type, OWL.AnnotationProperty),
        (iri("uses"), RDFS.domain, iri("Model")), (iri("count"), RDFS.range, URIRef(XSD + "integer")),
        (iri("Other"), RDFS.subClassOf, iri("Model")),
        (a, RDF.type, OWL.NamedIndividual), (cafe, RDF.type, OWL.NamedIndividual), (b, RDF.type, OWL.NamedIndividual),
        (a, RDF.type, iri("Model")), (a, iri("uses"), cafe), (a, iri("count"), Literal(3)),
        (a, RDFS.label, label), (a, iri("note"), Literal(AWKWARD)), (a, iri("note"), Literal("2024-01-01", datatype=URIRef(XSD + "date"))),
        (cafe, RDFS.comment, Literal('\u00e9t\u00e9 "chaud"', lang="fr")),
        (axiom, RDF.type, OWL.Axiom), (axiom, OWL.annotatedSource, a), (axiom, OWL.annotatedProperty, iri("uses")),
        (axiom, OWL.annotatedTarget, cafe), (axiom, RDFS.comment, Literal("b", lang="en")),
        (axiom, RDFS.comment, Literal("a")), (axiom, RDFS.comment, Literal("a", lang="de")),
        (axiom, iri("note"), Literal("10", datatype=URIRef(XSD + "integer"))), (axiom, iri("note"), Literal("9", datatype=URIRef(XSD + "integer"))),
        (axiom, RDFS.seeAlso, iri("z")),
        (labelled, RDF.type, OWL.Axiom), (labelled, OWL.annotatedSource, a), (labelled, OWL.annotatedProperty, RDFS.label),
        (labelled, OWL.annotatedTarget, label), (labelled, iri("note"), iri("z")), (labelled, iri("note"), iri("y")),
        (labelled, iri("note"), Literal(AWKWARD)), (labelled, iri("note"), Literal("<a>", lang="en")),
        (labelled, RDFS.comment, Literal("tab\there")),
        (negative, RDF.type, OWL.NegativePropertyAssertion), (negative, OWL.sourceIndividual, a),
        (negative, OWL.assertionProperty, iri("uses")), (negative, OWL.targetIndividual, b),
        (negative, RDFS.comment, Literal("not & <this>", lang="en")),
        (special, RDF.type, OWL.AllDisjointClasses), (special, OWL.members, members),
        (members, RDF.first, iri("Model")), (members, RDF.rest, rest), (rest, RDF.first, iri("Special")),
        (rest, RDF.rest, RDF.nil),
        (iri("Special"), OWL.equivalentClass, parts), (parts, RDF.type, OWL.Class), (parts, OWL.intersectionOf, parts2),
        (parts2, RDF.first, restriction), (parts2, RDF.rest, RDF.nil), (restriction, RDF.type, OWL.Restriction),
        (restriction, OWL.onProperty, iri("uses")), (restriction, OWL.hasValue, cafe),
        (different, RDF.type, OWL.AllDifferent), (different, OWL.members, dmembers), (dmembers, RDF.first, a),
        (dmembers, RDF.rest, drest), (drest, RDF.first, b), (drest, RDF.rest, RDF.nil),
    }


# What the writer wrote from the rdflib terms of `small_graph` before it read text (commit b230ec1).
EXPECTED = "\n".join((
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Ontology xmlns="http://www.w3.org/2002/07/owl#" xml:base="http://example.org/o" ontologyIRI="http://example.org/o" versionIRI="http://example.org/o#1.0">',
    '    <Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#comment"/><Literal xml:lang="en">A "quoted" back\\slash,',
    'new line,\r\ttab, &lt;tag&gt; &amp; more, café 😀 \x7f\x08</Literal></Annotation>',
    '    <Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#seeAlso"/><IRI>http://example.org/x?a=1&amp;b=\'2\'</IRI></Annotation>',
    '    <Declaration><AnnotationProperty IRI="http://example.org/o#note"/></Declaration>',
    '    <Declaration><Class IRI="http://example.org/o#Model"/></Declaration>',
    '    <Declaration><Class IRI="http://example.org/o#Other"/></Declaration>',
    '    <Declaration><Class IRI="http://example.org/o#Special"/></Declaration>',
    '    <Declaration><DataProperty IRI="http://example.org/o#count"/></Declaration>',
    '    <Declaration><NamedIndividual IRI="http://example.org/o#a&amp;b"/></Declaration>',
    '    <Declaration><NamedIndividual IRI="http://example.org/o#b"/></Declaration>',
    '    <Declaration><NamedIndividual IRI="http://example.org/o#café"/></Declaration>',
    '    <Declaration><ObjectProperty IRI="http://example.org/o#uses"/></Declaration>',
    '    <DisjointClasses><Class IRI="http://example.org/o#Model"/><Class IRI="http://example.org/o#Special"/></DisjointClasses>',
    '    <EquivalentClasses><Class IRI="http://example.org/o#Special"/><ObjectIntersectionOf><ObjectHasValue><ObjectProperty IRI="http://example.org/o#uses"/><NamedIndividual IRI="http://example.org/o#café"/></ObjectHasValue></ObjectIntersectionOf></EquivalentClasses>',
    '    <SubClassOf><Class IRI="http://example.org/o#Other"/><Class IRI="http://example.org/o#Model"/></SubClassOf>',
    '    <DataPropertyRange><DataProperty IRI="http://example.org/o#count"/><Datatype IRI="http://www.w3.org/2001/XMLSchema#integer"/></DataPropertyRange>',
    '    <FunctionalDataProperty><DataProperty IRI="http://example.org/o#count"/></FunctionalDataProperty>',
    '    <ObjectPropertyDomain><ObjectProperty IRI="http://example.org/o#uses"/><Class IRI="http://example.org/o#Model"/></ObjectPropertyDomain>',
    '    <DifferentIndividuals><NamedIndividual IRI="http://example.org/o#a&amp;b"/><NamedIndividual IRI="http://example.org/o#b"/></DifferentIndividuals>',
    '    <ClassAssertion><Class IRI="http://example.org/o#Model"/><NamedIndividual IRI="http://example.org/o#a&amp;b"/></ClassAssertion>',
    '    <DataPropertyAssertion><DataProperty IRI="http://example.org/o#count"/><NamedIndividual IRI="http://example.org/o#a&amp;b"/><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#integer">3</Literal></DataPropertyAssertion>',
    '    <ObjectPropertyAssertion><Annotation><AnnotationProperty IRI="http://example.org/o#note"/><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#integer">9</Literal></Annotation><Annotation><AnnotationProperty IRI="http://example.org/o#note"/><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#integer">10</Literal></Annotation><Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#comment"/><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#string">a</Literal></Annotation><Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#comment"/><Literal xml:lang="de">a</Literal></Annotation><Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#comment"/><Literal xml:lang="en">b</Literal></Annotation><Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#seeAlso"/><IRI>http://example.org/o#z</IRI></Annotation><ObjectProperty IRI="http://example.org/o#uses"/><NamedIndividual IRI="http://example.org/o#a&amp;b"/><NamedIndividual IRI="http://example.org/o#café"/></ObjectPropertyAssertion>',
    '    <NegativeObjectPropertyAssertion><Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#comment"/><Literal xml:lang="en">not &amp; &lt;this&gt;</Literal></Annotation><ObjectProperty IRI="http://example.org/o#uses"/><NamedIndividual IRI="http://example.org/o#a&amp;b"/><NamedIndividual IRI="http://example.org/o#b"/></NegativeObjectPropertyAssertion>',
    '    <AnnotationAssertion><Annotation><AnnotationProperty IRI="http://example.org/o#note"/><IRI>http://example.org/o#y</IRI></Annotation><Annotation><AnnotationProperty IRI="http://example.org/o#note"/><IRI>http://example.org/o#z</IRI></Annotation><Annotation><AnnotationProperty IRI="http://example.org/o#note"/><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#string">A "quoted" back\\slash,',
    'new line,\r\ttab, &lt;tag&gt; &amp; more, café 😀 \x7f\x08</Literal></Annotation><Annotation><AnnotationProperty IRI="http://example.org/o#note"/><Literal xml:lang="en">&lt;a&gt;</Literal></Annotation><Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#comment"/><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#string">tab\there</Literal></Annotation><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#label"/><IRI>http://example.org/o#a&amp;b</IRI><Literal xml:lang="en">say "hi"\\n</Literal></AnnotationAssertion>',
    '    <AnnotationAssertion><AnnotationProperty IRI="http://example.org/o#note"/><IRI>http://example.org/o#a&amp;b</IRI><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#date">2024-01-01</Literal></AnnotationAssertion>',
    '    <AnnotationAssertion><AnnotationProperty IRI="http://example.org/o#note"/><IRI>http://example.org/o#a&amp;b</IRI><Literal datatypeIRI="http://www.w3.org/2001/XMLSchema#string">A "quoted" back\\slash,',
    'new line,\r\ttab, &lt;tag&gt; &amp; more, café 😀 \x7f\x08</Literal></AnnotationAssertion>',
    '    <AnnotationAssertion><AnnotationProperty IRI="http://www.w3.org/2000/01/rdf-schema#comment"/><IRI>http://example.org/o#café</IRI><Literal xml:lang="fr">été "chaud"</Literal></AnnotationAssertion>',
    '</Ontology>',
)) + "\n"


def test_the_text_gives_what_the_terms_gave():
    """N-Triples escapes undone before XML's, languages and datatypes kept; no blank node id shows."""
    written = owlxml.serialize(ntriples(small_graph()))
    assert written.decode("utf-8") == EXPECTED
    assert b"_:" not in written and not [node for node in NODES if node.encode() in written]


def test_every_escape_of_the_grammar_is_read():
    """N-Triples may escape any character as \\u or \\U (pyoxigraph writes these few raw): the
    same document either way."""
    nt = ntriples(small_graph()).decode("utf-8")
    escaped = nt.replace("\u00e9", "\\u00E9").replace("\U0001F600", "\\U0001F600")
    assert escaped != nt
    lines = sorted(escaped.encode("utf-8").splitlines())
    assert owlxml.serialize(b"\n".join(lines) + b"\n").decode("utf-8") == EXPECTED


ORPHAN = BNode("orphan")


@pytest.mark.parametrize("extra, message", [
    ({(iri("a&b"), iri("undeclared"), iri("b"))}, "cannot place 1 triples"),
    ({(iri("a&b"), iri("note"), BNode("anonymous"))}, "cannot place _:anonymous: only an IRI can stand here"),
    ({(iri("a&b"), iri("count"), iri("b"))}, "only a literal can stand here"),
    ({(ORPHAN, RDF.type, OWL.Axiom), (ORPHAN, OWL.annotatedSource, iri("a&b")), (ORPHAN, OWL.annotatedProperty, iri("uses")),
      (ORPHAN, OWL.annotatedTarget, iri("b")), (ORPHAN, RDFS.comment, Literal("of nothing"))}, "cannot place 1 triples"),
    ({(ORPHAN, OWL.onProperty, iri("uses"))}, "cannot place 1 triples"),
])
def test_what_it_cannot_place_is_refused(extra, message):
    """Left out, it would be lost from the file without a word."""
    with pytest.raises(ValueError, match=message):
        owlxml.serialize(ntriples(small_graph() | extra))


def test_unsorted_text_is_refused():
    """Read unsorted, a blank node's statements could be taken for two nodes'."""
    lines = ntriples(small_graph()).splitlines()
    with pytest.raises(ValueError, match="not sorted"):
        owlxml.serialize(b"\n".join(reversed(lines)) + b"\n")
