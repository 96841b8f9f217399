"""Where each model sits on the review's two relationship dimensions, read from the graph.

Reciprocity (reciprocal or unidirectional) and where expertise lies (patient, peers,
everyone, therapist) come with every hedge the source puts on the judgement (read by
`roto.qualifiers`), so a figure can show peer support workers' lean towards reciprocity
and systemic family therapy's arguable expertise. Expertise the review leaves unstated
stays `None`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .canned import get_query
from .engine import LocalEngine
from .namespaces import BASE, iri
from .qualifiers import Hedge, by_triple, qualified
from .queries import select
from .store import bound_value, term_value

# The order a reader expects along each axis; values a researcher adds come after these.
AXIS_ORDER = {
    "reciprocity": [iri("reciprocity", v) for v in ("reciprocal", "unidirectional")],
    "expertise": [iri("expertise", v) for v in ("patient", "peers", "everyone", "therapist")],
}


@dataclass(frozen=True)
class Judgement:
    """A model's value on one dimension, with the source's hedges on it."""

    value: str
    hedges: tuple[Hedge, ...] = ()

    def hedged_as(self, kind: str) -> bool:
        return any(h.kind == kind for h in self.hedges)


@dataclass(frozen=True)
class Placement:
    """One model on both dimensions; `None` where the graph has no judgement."""

    model: str
    label: str
    source: str | None  # the publication the model's statements come from
    source_title: str | None
    reciprocity: Judgement | None
    expertise: Judgement | None


PROPERTY = {"reciprocity": BASE + "hasReciprocity", "expertise": BASE + "hasExpertiseLocus"}


def placements(store) -> list[Placement]:
    """Every model with its reciprocity and expertise judgements, in the review's order."""
    _, rows = select(store, get_query("figure-dimensions").text)
    hedges = by_triple(qualified(LocalEngine(store))) if rows else {}

    def judgement(row: dict, name: str) -> Judgement | None:
        model, value = bound_value(row["model"]), term_value(row[name])
        if value is None:
            return None
        found = hedges.get((model, PROPERTY[name], value))
        return Judgement(value, found.hedges if found else ())

    return [Placement(bound_value(r["model"]), bound_value(r["modelLabel"]), term_value(r["source"]),
                      term_value(r["sourceTitle"]), judgement(r, "reciprocity"), judgement(r, "expertise"))
            for r in rows]


def axis_values(store) -> dict[str, list[tuple[str, str]]]:
    """The (value IRI, label) pairs of each dimension ("reciprocity", "expertise"), in
    reading order."""
    _, rows = select(store, get_query("figure-dimension-values").text)
    axes: dict[str, list[tuple[str, str]]] = {name: [] for name in AXIS_ORDER}
    for row in rows:
        dimension = bound_value(row["dimension"]).rsplit("/", 1)[1]
        axes.setdefault(dimension, []).append((bound_value(row["value"]), bound_value(row["valueLabel"])))

    def rank(name: str, value: str) -> int:
        order = AXIS_ORDER.get(name, [])
        return order.index(value) if value in order else len(order)

    return {name: sorted(values, key=lambda v: (rank(name, v[0]), v[1])) for name, values in axes.items()}
