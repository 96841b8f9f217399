"""The evidence behind each statement the review makes about a model.

A statement (a table cell, a blank cell, a reciprocity or expertise judgement, a key text)
comes with where in the review it is made and the numbered references the review cites
for it, read from the statement's axiom annotations by the canned query `evidence`.

>>> [(r.number, r.authors) for r in evidence("open dialogue", "decision")[0].references]
[(24, 'Seikkula and Olson'), (25, 'Seikkula, Alakare, Aaltonen, Holma, Rasinkangas and Lehtinen')]
"""

from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass

from .engine import Engine, open_engine
from .matching import match, members
from .namespaces import BASE
from .qualifiers import Hedge, qualified
from .queries import run_select
from .store import bound_value, term_value

# What FEATURE may name: a resource type, a relationship type, or a dimension.
FEATURE_CLASSES = tuple(BASE + c for c in ("ResourceType", "RelationshipType", "RelationshipDimension"))


class Reference(namedtuple("Reference", "number authors")):
    """A numbered reference of the review (int), with its authors as the review names them
    (or None)."""

    __slots__ = ()


@dataclass(frozen=True)
class Evidence:
    """One statement about a model and its evidence, as `roto evidence` shows it: the
    feature it is about, where the source makes it, the numbered references it cites."""

    statement: str  # its id, e.g. "open-dialogue/resource/decision-making"
    feature: str  # IRI of the resource or relationship type, dimension, or roto:hasKeyText
    target: str  # IRI of what the model is related to
    target_label: str
    asserted: bool  # False for a blank table cell ("not explicitly utilised")
    locators: tuple[str, ...]
    references: tuple[Reference, ...]
    hedges: tuple[Hedge, ...] = ()  # the source's hedges, each with its own references
    nuance: str | None = None
    joint_with: tuple[str, ...] = ()  # the other models of a joint claim

    @property
    def qualifier(self) -> str | None:
        """The kinds of hedge on the statement, joined with '; ' (None: unhedged)."""
        return "; ".join(h.label for h in self.hedges) or None

    @property
    def qualification(self) -> str:
        """Hedges, nuance and joint claim in words, as `roto evidence` prints them."""
        hedges = [f"{h}: {h.note}" if h.note else str(h) for h in self.hedges]
        joint = [f"joint claim with {', '.join(self.joint_with)}"] if self.joint_with else []
        return "; ".join([*hedges, *filter(None, [self.nuance]), *joint])

    @property
    def locator(self) -> str:
        """Every place in the review the statement comes from, joined with '; '."""
        return "; ".join(self.locators)

    @property
    def claim(self) -> str:
        """The statement in words, e.g. "uses Family" or "reciprocity: reciprocal"."""
        if self.feature == BASE + "hasKeyText":
            return f"key text {self.target_label}"
        if self.feature != self.target:
            return f"{self.feature.rsplit('/', 1)[-1]}: {self.target_label}"
        return f"{'uses' if self.asserted else 'does not explicitly use'} {self.target_label}"


def evidence(model: str, feature: str | None = None, engine: Engine | None = None) -> list[Evidence]:
    """The statements about `model` (only those about `feature` if given), with their evidence.

    `model` and `feature` are matched by label, local id or unambiguous prefix; `feature`
    names a resource type, a relationship type, `reciprocity` or `expertise`.
    """
    engine = engine or open_engine()
    rows = run_select(engine, "evidence", {"model": model}).records()
    if feature is not None:
        wanted = match(members(engine, FEATURE_CLASSES), feature, "resource, relationship or dimension").iri
        rows = [r for r in rows if term_value(r["feature"]) == wanted]
    grouped: dict[str, dict] = {}
    for row in rows:
        entry = grouped.setdefault(bound_value(row["statement"]), {"row": row, "locator": [], "reference": [], "nuance": []})
        kind, text = bound_value(row["kind"]), bound_value(row["evidence"])
        if kind == "reference":
            authors = term_value(row["authors"])
            entry["reference"].append(Reference(int(text), authors))
        elif kind in entry:  # hedges and joint claims come from the one reader below
            entry[kind].append(text)
    hedged = qualified(engine) if grouped else {}
    found = [Evidence(statement=sid, feature=e["row"]["feature"].value, target=e["row"]["target"].value,
                      target_label=e["row"]["targetLabel"].value if e["row"]["targetLabel"] else e["row"]["target"].value,
                      asserted=e["row"]["asserted"].value == "true", locators=tuple(e["locator"]),
                      references=tuple(e["reference"]), hedges=hedged[sid].hedges if sid in hedged else (),
                      nuance="; ".join(e["nuance"]) or None, joint_with=hedged[sid].joint_with if sid in hedged else ())
            for sid, e in grouped.items()]
    return sorted(found, key=lambda s: in_number_order(s.statement))


def in_number_order(text: str) -> list:
    """A sort key that puts numbers in number order: key-text/9 before key-text/10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part]
