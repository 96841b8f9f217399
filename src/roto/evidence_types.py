"""Typed evidence (ECO) on ROTO's axioms, and OBO-style definitions.

Each axiom ROTO states gets one evidence type, written as an OWL 2 axiom annotation with
RO's "axiom has evidence" (RO_0002612), the property the Gene Ontology's models use for
the same purpose, so that the OWL API, Protégé and the SHACL shapes read it like the
other provenance annotations:

- a statement of the review that cites references: ECO_0000304, author statement
  supported by traceable reference used in manual assertion;
- a statement the review makes without citing anything: ECO_0000303, author statement
  without traceable support used in manual assertion;
- ROTO's own definitions and mappings: ECO_0000305, curator inference used in manual
  assertion.

Definitions are also written with IAO_0000115, the property OBO tools (pronto, oaklib,
ROBOT) read, next to skos:definition.
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph, URIRef

from .build.triples import OWL, RDF, SKOS, Triples, iri

OBO = "http://purl.obolibrary.org/obo/"
AXIOM_HAS_EVIDENCE = iri(OBO + "RO_0002612")
IAO_DEFINITION = iri(OBO + "IAO_0000115")
TRACEABLE_AUTHOR_STATEMENT = iri(OBO + "ECO_0000304")
NON_TRACEABLE_AUTHOR_STATEMENT = iri(OBO + "ECO_0000303")
CURATOR_INFERENCE = iri(OBO + "ECO_0000305")


def statement_evidence(cites: list[str] | tuple[str, ...]) -> URIRef:
    """The evidence type of a statement of the source: traceable if it cites references."""
    return TRACEABLE_AUTHOR_STATEMENT if cites else NON_TRACEABLE_AUTHOR_STATEMENT


def annotated_axiom(graph: Graph | Triples, triple: tuple, evidence: URIRef, prefix: str) -> BNode:
    """Reify `triple` as an owl:Axiom carrying `evidence`; the blank node's id comes from
    the triple, so the release files stay byte-identical for the same input."""
    s, p, o = triple
    node = BNode(prefix + hashlib.sha1(f"{s.n3()} {p.n3()} {o.n3()}".encode()).hexdigest()[:16])
    graph.add((node, RDF.type, OWL.Axiom))
    graph.add((node, OWL.annotatedSource, s))
    graph.add((node, OWL.annotatedProperty, p))
    graph.add((node, OWL.annotatedTarget, o))
    graph.add((node, AXIOM_HAS_EVIDENCE, evidence))
    return node


def curate_definitions(graph: Graph | Triples) -> None:
    """Give every entity's skos:definition an IAO_0000115 twin, and both the curator's
    evidence type (the ontology's own header is left alone: it is not an entity)."""
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    for s, text in sorted(graph.subject_objects(SKOS.definition)):
        if s in ontologies:
            continue
        graph.add((s, IAO_DEFINITION, text))
        for prop in (SKOS.definition, IAO_DEFINITION):
            annotated_axiom(graph, (s, prop, text), CURATOR_INFERENCE, "d")
