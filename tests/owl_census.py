"""Count an RDF graph's OWL 2 axioms the way the OWL 2 RDF mapping defines them, in Python.

The counts are an independent expectation for what the OWL API reports after loading the
same file, so the Java test cannot pass by agreeing with itself. Every triple must fall
into a known case: a triple this census does not understand is listed in `unclassified`
(and the test fails) instead of being silently left out of the counts.

Example: `census(Graph().parse("release/roto.owl")).logical` -> 499 for ROTO 1.0.0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                     OWL.NamedIndividual, RDFS.Datatype}
# Characteristics typed on a property: one logical axiom each (FunctionalObjectProperty, ...).
CHARACTERISTICS = {OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty,
                   OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty, OWL.IrreflexiveProperty}
# Triples between named terms that are each one logical axiom.
AXIOM_PREDICATES = {RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDFS.subPropertyOf,
                    OWL.inverseOf, OWL.equivalentProperty, OWL.propertyDisjointWith, OWL.sameAs,
                    OWL.differentFrom, OWL.disjointUnionOf, OWL.hasKey, OWL.propertyChainAxiom}
# Blank nodes that stand for one axiom each.
AXIOM_NODE_TYPES = {OWL.NegativePropertyAssertion, OWL.AllDisjointClasses, OWL.AllDifferent,
                    OWL.AllDisjointProperties}
BUILTIN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo,
                       OWL.deprecated, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}
STRUCTURE = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget,
             OWL.sourceIndividual, OWL.assertionProperty, OWL.targetIndividual, OWL.targetValue,
             OWL.members, OWL.distinctMembers}


@dataclass
class Census:
    declarations: int = 0
    logical: int = 0
    annotation_assertions: int = 0
    annotation_axioms: int = 0  # domain, range and sub-property axioms of annotation properties
    annotated: int = 0
    axiom_annotations: Counter = field(default_factory=Counter)  # property IRI -> count on axioms
    unclassified: list = field(default_factory=list)

    @property
    def axioms(self) -> int:
        return self.declarations + self.logical + self.annotation_assertions + self.annotation_axioms


def census(graph: Graph) -> Census:
    """The axiom counts of `graph`, read as an OWL 2 DL ontology document."""
    result = Census()
    declared = {kind: set(graph.subjects(RDF.type, kind)) for kind in DECLARATION_TYPES}
    classes = declared[OWL.Class]
    data_or_object = declared[OWL.ObjectProperty] | declared[OWL.DatatypeProperty]
    annotation_properties = declared[OWL.AnnotationProperty] | BUILTIN_ANNOTATIONS
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    reifications = set(graph.subjects(RDF.type, OWL.Axiom))
    axiom_nodes = {node for kind in AXIOM_NODE_TYPES for node in graph.subjects(RDF.type, kind)}

    # An annotated axiom is one owl:Axiom node (or an axiom node carrying annotations); the
    # triple it annotates becomes that annotated axiom instead of a plain one.
    annotated_triples = Counter((graph.value(n, OWL.annotatedSource), graph.value(n, OWL.annotatedProperty),
                                 graph.value(n, OWL.annotatedTarget)) for n in reifications)
    for node in reifications | axiom_nodes:
        annotations = [p for p in graph.predicates(node, None) if p in annotation_properties]
        result.axiom_annotations.update(str(p) for p in annotations)
        result.annotated += bool(annotations)
        unknown = [(node, p, o) for p, o in graph.predicate_objects(node)
                   if p not in annotation_properties and p not in STRUCTURE]
        result.unclassified.extend(unknown)
    result.logical += len(axiom_nodes)

    for s, p, o in graph:
        copies = max(1, annotated_triples[(s, p, o)])
        if s in ontologies or s in reifications or s in axiom_nodes:
            continue  # ontology header, or an axiom node counted above
        if isinstance(s, BNode):
            continue  # part of a class expression or an RDF list, not an axiom of its own
        if p == RDF.type and o in DECLARATION_TYPES:
            result.declarations += 1
        elif p == RDF.type and o in CHARACTERISTICS:
            result.logical += 1
        elif (p == RDF.type and o in classes) or p in AXIOM_PREDICATES:
            result.logical += copies
        elif p in (RDFS.domain, RDFS.range, RDFS.subPropertyOf) and s in annotation_properties:
            result.annotation_axioms += 1
        elif p in (RDFS.domain, RDFS.range) and s in data_or_object:
            result.logical += 1
        elif p in data_or_object and isinstance(s, URIRef):
            result.logical += copies
        elif p in annotation_properties:
            result.annotation_assertions += copies
        else:
            result.unclassified.append((s, p, o))
    return result
