"""Blank nodes named by what they say, so that two writings of the same graph are the same
bytes (pages, documents, site) and two builds can be compared statement by statement
(`roto diff`)."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox


def blank_node_names(triples) -> dict[ox.BlankNode, ox.BlankNode]:
    """Each blank node of `triples` named by a digest of what it says, recursively.

    pyoxigraph gives blank nodes fresh ids at every load, so without this two builds of
    the same site would differ. ROTO's axioms and negative assertions each carry a unique
    statement id; class expressions and lists are named by their structure (two identical
    ones in one description become one node, which leaves the meaning unchanged).
    """
    about: dict[ox.BlankNode, list[ox.Triple]] = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            about.setdefault(t.subject, []).append(t)
    digests: dict[ox.BlankNode, str] = {}

    def digest(node: ox.BlankNode, path: frozenset) -> str:
        if node not in digests:
            if node in path:
                return "cycle"
            lines = sorted(f"{t.predicate} {digest(t.object, path | {node}) if isinstance(t.object, ox.BlankNode) else t.object}"
                           for t in about.get(node, []))
            digests[node] = "b" + hashlib.sha1("\n".join(lines).encode()).hexdigest()[:16]
        return digests[node]

    nodes = {term for t in triples for term in (t.subject, t.object) if isinstance(term, ox.BlankNode)}
    return {node: ox.BlankNode(digest(node, frozenset())) for node in nodes}


def stable_blank_nodes(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Triples with each blank node named by `blank_node_names`."""
    names = blank_node_names(triples)
    return list(dict.fromkeys(ox.Triple(renamed(t.subject, names), t.predicate, renamed(t.object, names)) for t in triples))


def renamed(term, names: dict[ox.BlankNode, ox.BlankNode]):
    """`term`, or its name in `names` if it is a blank node."""
    return names[term] if isinstance(term, ox.BlankNode) else term
