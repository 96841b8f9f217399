"""Name a minimal set of statements that clash when HermiT finds the graph inconsistent.

HermiT does not say why an ontology is inconsistent. `explain` re-runs it on subsets of the
statements (QuickXplain, see `explanation.py`), first on the extension and the review
statements closest to it, and names a minimal clashing set in words with its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..loader import Extended
from ..namespaces import GRAPH, REVIEW_IRI
from .explanation import Monotone, minimal_conflict
from .hermit import Hermit

_BUILTIN = (str(OWL), str(RDF), str(RDFS), "http://www.w3.org/2001/XMLSchema#")
_ANNOTATION_PROPERTIES = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy}
_PHRASES = {RDF.type: ("is a", "is not a"), RDFS.subClassOf: ("is a kind of", "is not a kind of"),
            OWL.sameAs: ("is the same as", "is not the same as"), OWL.differentFrom: ("differs from", "does not differ from")}


@dataclass(frozen=True)
class Unit:
    """One statement that can take part in a clash: its triples and how to name it to a person."""

    triples: frozenset
    text: str
    origin: str  # "review" or the extension file it comes from
    statement_id: str | None = None
    where: tuple[str, ...] = ()  # labels of the parts of the source it is located in

    def describe(self) -> str:
        place = self.origin if self.origin != "review" else "the review"
        details = [", ".join([place, *self.where])]
        if self.statement_id:
            details.append(f"statement {self.statement_id}")
        return f"{self.text} [{'; '.join(details)}]"



def _ntriples(triples) -> bytes:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format="nt", encoding="utf-8")

class _Namer:
    def __init__(self, graph: Graph, labels: dict[str, str]) -> None:
        self.graph, self.labels = graph, labels

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            if str(term) in self.labels:
                return self.labels[str(term)]
            return self.graph.namespace_manager.normalizeUri(term)
        if isinstance(term, Literal):
            return f'"{term}"'
        return "(an anonymous node)"

    def claim(self, s, p, o, positive: bool = True) -> str:
        yes, no = _PHRASES.get(p, (None, None))
        if yes is None:
            phrase = self.term(p)
            yes, no = phrase, _negate(phrase)
        return f"{self.term(s)} {yes if positive else no} {self.term(o)}"


def _negate(phrase: str) -> str:
    """'explicitly uses resource' -> 'does not explicitly use resource'; 'has X' -> 'does not have X'."""
    words = phrase.split()
    for i, word in enumerate(words[:2]):
        if word == "has" or (word.endswith("s") and not word.endswith("ss")):
            verb = "have" if word == "has" else word[:-1]
            return " ".join(["does not", *words[:i], verb, *words[i + 1:]])
    return f"not: {phrase}"


# ---------------------------------------------------------------- statements as units

def _closure(graph: Graph, node) -> set:
    """The triples describing a blank node, following nested blank nodes."""
    found, todo, seen = set(), [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for triple in graph.triples((current, None, None)):
            found.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return found


def _review_units(extended: Extended, namer: _Namer) -> list[Unit]:
    """One unit per authored statement and per entity's class (the review's and any TOML
    extension's): a clash may involve what a thing is as well as what is said of it."""
    assertions = extended.dataset.graph(URIRef(GRAPH["assertions"]))
    units = []
    for entity in extended.content.entities.values():
        triple = (URIRef(entity.iri), RDF.type, URIRef(entity.cls))
        origin = entity.origin if extended.from_extension(entity.origin) else "review"
        where = tuple(namer.term(URIRef(loc)) for loc in entity.locators)
        units.append(Unit(frozenset({triple}), namer.claim(*triple), origin, None, where))
    for st in extended.content.statements:
        s, p, o = URIRef(st.subject), URIRef(st.predicate), URIRef(st.object)
        if st.positive:
            triples = {(s, p, o)}
        else:
            (node,) = {n for n in assertions.subjects(OWL.sourceIndividual, s)
                       if (n, OWL.assertionProperty, p) in assertions and (n, OWL.targetIndividual, o) in assertions}
            triples = _closure(assertions, node)
        where = tuple(namer.term(URIRef(loc)) for loc in st.locators)
        origin = st.origin if extended.from_extension(st.origin) else "review"
        if st.source != REVIEW_IRI:
            where = (namer.term(URIRef(st.source)), *where)
        units.append(Unit(frozenset(triples), namer.claim(s, p, o, st.positive), origin, st.id, where))
    return units


def _graph_units(graph: Graph, origin: str, namer: _Namer, annotation_properties: set) -> list[Unit]:
    """Split an extension graph into statements: a triple with its blank-node parts, an
    owl:Axiom with the triple it annotates, a negative assertion. Annotations are left out
    (they cannot clash)."""
    axioms: dict[tuple, set] = {}  # annotated (s, p, o) -> the axioms' triples
    for node in graph.subjects(RDF.type, OWL.Axiom):
        key = (graph.value(node, OWL.annotatedSource), graph.value(node, OWL.annotatedProperty),
               graph.value(node, OWL.annotatedTarget))
        axioms.setdefault(key, set()).update(_closure(graph, node))
    referenced = {o for o in graph.objects() if isinstance(o, BNode)}
    units = []
    for s, p, o in sorted(graph, key=lambda t: tuple(x.n3() for x in t)):
        if isinstance(s, BNode) or p in annotation_properties:
            continue
        triples = {(s, p, o)} | (_closure(graph, o) if isinstance(o, BNode) else set()) | axioms.get((s, p, o), set())
        units.append(Unit(frozenset(triples), namer.claim(s, p, o), origin))
    claimed = set().union(*(u.triples for u in units)) if units else set()
    for root in sorted({s for s in graph.subjects() if isinstance(s, BNode)} - referenced, key=str):
        triples = _closure(graph, root) - claimed
        if not triples or (root, RDF.type, OWL.Axiom) in graph:
            continue
        if (root, RDF.type, OWL.NegativePropertyAssertion) in graph:
            text = namer.claim(graph.value(root, OWL.sourceIndividual), graph.value(root, OWL.assertionProperty),
                               graph.value(root, OWL.targetIndividual), positive=False)
        else:
            text = "; ".join(namer.claim(*t) for t in sorted(triples, key=lambda t: tuple(x.n3() for x in t)))
        units.append(Unit(frozenset(triples), text, origin))
    return units


def _individuals(triples) -> set:
    return {t for triple in triples for t in (triple[0], triple[2])
            if isinstance(t, URIRef) and not str(t).startswith(_BUILTIN)}


def _vocabulary(ontology: Graph) -> set:
    """IRIs the ontology declares as classes or properties (not individuals)."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology, RDF.Property)
    return {s for kind in kinds for s in ontology.subjects(RDF.type, kind)}

def explain(extended: Extended, union: Graph, labels: dict[str, str], hermit: Hermit) -> list[Unit]:
    """A minimal set of statements that clash. The search widens in stages: review statements
    making the same claim as the extension's (a positive one against a blank cell), then
    those about the same subject and property, those sharing an individual with it, and
    finally all of them; the usual clash costs a handful of HermiT runs."""
    namer = _Namer(union, labels)
    annotation_properties = _ANNOTATION_PROPERTIES | set(union.subjects(RDF.type, OWL.AnnotationProperty))
    authored = _review_units(extended, namer)
    # The search starts from the researcher's RDF if there is any (it may say anything),
    # else from their TOML models; authored statements, the review's and TOML's, are the rest.
    added = [u for name, graph in extended.rdf.items() for u in _graph_units(graph, name, namer, annotation_properties)]
    if added:
        review = authored
    else:
        added = [u for u in authored if u.origin != "review"]
        review = [u for u in authored if u.origin == "review"]
    # The background: everything that is not a candidate statement, minus axiom annotations.
    provenance = set(extended.dataset.graph(URIRef(GRAPH["provenance"])))
    everything = set(added) | set(review)
    candidates = set().union(*(u.triples for u in everything))
    background = _ntriples(t for t in union if t not in candidates and t not in provenance)
    encoded = {u: _ntriples(u.triples) for u in everything}
    consistent = Monotone(lambda units: hermit.consistent(background + b"".join(encoded[u] for u in units)))
    consistent.clashing_sets.append(frozenset(everything))  # the run that found the clash

    added_claims = set().union(*(_claims(u.triples) for u in added))
    added_keys = {claim[:2] for claim in added_claims}
    vocabulary = _vocabulary(extended.dataset.graph(URIRef(GRAPH["ontology"])))
    added_individuals = _individuals(set().union(*(u.triples for u in added))) - vocabulary
    stages = ([u for u in review if _claims(u.triples) & added_claims],
              [u for u in review if {c[:2] for c in _claims(u.triples)} & added_keys],
              [u for u in review if _individuals(u.triples) & added_individuals],
              review)
    previous = None
    for stage in stages:
        if stage == previous:
            continue
        previous = stage
        clash = minimal_conflict(added + stage, consistent)
        if clash is not None:
            return clash
    return []


def _claims(triples) -> set:
    """The (subject, property, object) claims of a statement, for a negative assertion its own."""
    claims: set[tuple] = {(s, p, o) for s, p, o in triples if isinstance(s, URIRef)}
    for node in {s for s, p, o in triples if p == OWL.sourceIndividual}:
        found = {p: o for s, p, o in triples if s == node}
        claims.add((found.get(OWL.sourceIndividual), found.get(OWL.assertionProperty), found.get(OWL.targetIndividual)))
    return claims
