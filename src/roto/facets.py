"""Find models by what the review says about them, without writing SPARQL.

Each facet is one canned query (`queries/*.rq`) and the facets combine with AND, so
`models(relationship=["peers"], reciprocity="reciprocal")` is the intersection of
"models using peers" and "reciprocal models". "Does not use" is answered from the
review's blank cells (negative assertions), never from missing triples; expertise
"unstated" (or "not stated") lists the models on which the review is silent. Each model found carries the
review's hedges on the statements the conditions matched (see `roto.qualifiers`).

>>> [m.label for m in models(relationship=["peers"], reciprocity="reciprocal")]
['Self-help groups', 'Therapeutic communities']
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence

import pyoxigraph as ox

from .engine import Engine, Solutions, open_engine
from .matching import Named, match, members, resolve
from .namespaces import BASE
from .qualifiers import Qualified, by_triple, qualified
from .queries import run_select

UNSTATED = "unstated"


class Model(namedtuple("Model", "id label iri qualified", defaults=((),))):
    """A therapeutic model: local id, label and IRI, and `qualified`, the hedges or joint
    claims on the statements that made it meet the conditions: ((what was matched,
    Qualified), ...), empty when those statements are plain."""

    __slots__ = ()

    @property
    def hedges(self) -> str:
        """The qualifications in one line: "Recreational activities: typically, not always [29]"."""
        return " | ".join(f"{what}: {q.summary()}" for what, q in self.qualified)


def _iris(answer: Solutions) -> set[str]:
    return set(answer.bound("model"))


def _not_using(engine: Engine, cls: str, value: str, what: str) -> set[str]:
    feature = match(members(engine, (cls,)), value, what)
    return _iris(run_select(engine, "models-not-using", {"feature": ox.NamedNode(feature.iri)}))


def _expertise(engine: Engine, value: str) -> tuple[set[str], Named | None]:
    """The models with the expertise `value` names, and that locus (None for "unstated")."""
    loci = members(engine, (BASE + "ExpertiseLocus",))
    chosen = match([*loci, Named(BASE + UNSTATED, "not stated")], value, "expertise")  # by id or by label
    if chosen.id == UNSTATED:
        return _iris(run_select(engine, "expertise-unstated")), None
    return _iris(run_select(engine, "models-by-expertise", {"expertise": ox.NamedNode(chosen.iri)})), chosen


def models(engine: Engine | None = None, *, resource: Sequence[str] = (), relationship: Sequence[str] = (),
           not_resource: Sequence[str] = (), not_relationship: Sequence[str] = (),
           reciprocity: str | None = None, expertise: str | None = None) -> list[Model]:
    """The models meeting every given condition, in the review's order.

    Values are matched by label, local id or unambiguous prefix, case-insensitively;
    an unknown or ambiguous value raises RotoError listing the valid ones.
    """
    engine = engine or open_engine()
    everything = run_select(engine, "models")
    keep = _iris(everything)
    matched: list[tuple[str, Named]] = []  # (property, value) of each statement a condition reads
    for value in resource:
        keep &= _iris(run_select(engine, "models-by-resource", {"resource": value}))
        matched.append((BASE + "usesResource", resolve(engine, (BASE + "ResourceType",), value, "resource")))
    for value in relationship:
        keep &= _iris(run_select(engine, "models-by-relationship", {"relationship": value}))
        matched.append((BASE + "usesRelationship", resolve(engine, (BASE + "RelationshipType",), value, "relationship")))
    for value in not_resource:
        keep &= _not_using(engine, BASE + "ResourceType", value, "resource")
        matched.append((BASE + "usesResource", resolve(engine, (BASE + "ResourceType",), value, "resource")))
    for value in not_relationship:
        keep &= _not_using(engine, BASE + "RelationshipType", value, "relationship")
        matched.append((BASE + "usesRelationship", resolve(engine, (BASE + "RelationshipType",), value, "relationship")))
    if reciprocity is not None:
        keep &= _iris(run_select(engine, "models-by-reciprocity", {"reciprocity": reciprocity}))
        matched.append((BASE + "hasReciprocity", resolve(engine, (BASE + "ReciprocityValue",), reciprocity, "reciprocity")))
    if expertise is not None:
        found, locus = _expertise(engine, expertise)
        keep &= found
        if locus is not None:
            matched.append((BASE + "hasExpertiseLocus", locus))
    hedges = by_triple(qualified(engine)) if matched and keep else {}

    def qualifications(model: str) -> tuple[tuple[str, Qualified], ...]:
        found = ((named.label, hedges.get((model, prop, named.iri))) for prop, named in matched)
        return tuple((label, q) for label, q in found if q is not None)

    return [Model(iri.rsplit("/", 1)[-1], label, iri, qualifications(iri))
            for iri, label in zip(everything.bound("model"), everything.bound("label"), strict=True) if iri in keep]
