"""Find models by what the review says about them, without writing SPARQL.

Each facet is one canned query (`queries/*.rq`) and the facets combine with AND, so
`models(relationship=["peers"], reciprocity="reciprocal")` is the intersection of
"models using peers" and "reciprocal models". "Does not use" is answered from the
review's blank cells (negative assertions), never from missing triples; expertise
"unstated" lists the models on which the review is silent.

>>> [m.label for m in models(relationship=["peers"], reciprocity="reciprocal")]
['Self-help groups', 'Therapeutic communities']
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence

import pyoxigraph as ox

from .engine import Engine, Solutions, open_engine
from .namespaces import BASE
from .queries import run
from .vocabulary import Named, match, members

UNSTATED = "unstated"


class Model(namedtuple("Model", "id label iri")):
    """A therapeutic model: local id, label and IRI."""

    __slots__ = ()


def _iris(answer: Solutions) -> set[str]:
    return set(answer.values("model"))


def _not_using(engine: Engine, cls: str, value: str, what: str) -> set[str]:
    feature = match(members(engine, (cls,)), value, what)
    return _iris(run(engine, "models-not-using", {"feature": ox.NamedNode(feature.iri)}))


def _expertise(engine: Engine, value: str) -> set[str]:
    loci = members(engine, (BASE + "ExpertiseLocus",))
    chosen = match([*loci, Named(BASE + UNSTATED, UNSTATED)], value, "expertise")
    if chosen.id == UNSTATED:
        return _iris(run(engine, "expertise-unstated"))
    return _iris(run(engine, "models-by-expertise", {"expertise": ox.NamedNode(chosen.iri)}))


def models(engine: Engine | None = None, *, resource: Sequence[str] = (), relationship: Sequence[str] = (),
           not_resource: Sequence[str] = (), not_relationship: Sequence[str] = (),
           reciprocity: str | None = None, expertise: str | None = None) -> list[Model]:
    """The models meeting every given condition, in the review's order.

    Values are matched by label, local id or unambiguous prefix, case-insensitively;
    an unknown or ambiguous value raises RotoError listing the valid ones.
    """
    engine = engine or open_engine()
    everything = run(engine, "models")
    keep = _iris(everything)
    for value in resource:
        keep &= _iris(run(engine, "models-by-resource", {"resource": value}))
    for value in relationship:
        keep &= _iris(run(engine, "models-by-relationship", {"relationship": value}))
    for value in not_resource:
        keep &= _not_using(engine, BASE + "ResourceType", value, "resource")
    for value in not_relationship:
        keep &= _not_using(engine, BASE + "RelationshipType", value, "relationship")
    if reciprocity is not None:
        keep &= _iris(run(engine, "models-by-reciprocity", {"reciprocity": reciprocity}))
    if expertise is not None:
        keep &= _expertise(engine, expertise)
    return [Model(iri.rsplit("/", 1)[-1], label, iri)
            for iri, label in zip(everything.values("model"), everything.values("label")) if iri in keep]
