"""Close HermiT's conclusions into the `inferred` named graph.

HermiT gives each individual's most specific classes and the inferred class hierarchy;
`materialise` closes them into every named class each individual belongs to, minus what is
asserted.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..build.compiler import bind_prefixes
from ..build.triples import Triples
from ..namespaces import GRAPH

INFERRED = URIRef(GRAPH["inferred"])


def materialise(asserted: Triples, conclusions: Triples) -> Graph:
    """Every named class each individual belongs to, and every named superclass of each class,
    as HermiT concluded, minus the triples already asserted."""
    classes = {s for s in asserted.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    parents: dict = {c: set() for c in classes}
    for graph in (asserted, conclusions):
        for c, d in graph.subject_objects(RDFS.subClassOf):
            if c in classes and d in classes:
                parents[c].add(d)
        for c, d in graph.subject_objects(OWL.equivalentClass):
            if c in classes and d in classes:
                parents[c].add(d)
                parents[d].add(c)

    def supers(start) -> set:
        found, todo = set(), list(start)
        while todo:
            c = todo.pop()
            if c not in found:
                found.add(c)
                todo.extend(parents.get(c, ()))
        return found

    found = Triples()  # a set first: an rdflib Graph costs far more per triple, and most are asserted already
    for c in classes:
        for d in supers(parents[c]) - {c}:
            found.add((c, RDFS.subClassOf, d))
    individuals: dict = {}
    for graph in (asserted, conclusions):
        for i, c in graph.subject_objects(RDF.type):
            if isinstance(i, URIRef) and c in classes:
                individuals.setdefault(i, set()).add(c)
    for i, types in individuals.items():
        for c in supers(types):
            found.add((i, RDF.type, c))
    for c, d in conclusions.subject_objects(OWL.equivalentClass):
        if d == OWL.Nothing and c in classes:
            found.add((c, OWL.equivalentClass, OWL.Nothing))
    inferred = Graph(identifier=INFERRED)
    bind_prefixes(inferred)
    for triple in found - asserted:
        inferred.add(triple)
    return inferred
