"""The source's hedges on its statements, and its joint claims, read once for every output.

A statement (a table cell, a judgement, a claim the review makes about itself) may carry
hedges ("can be seen as", "arguable", "may"...), each with ROTO's note on the wording and
the references the source cites for the hedge, and may be a joint claim made about several
models in one sentence. `qualified` reads them all with the canned query `qualifiers`;
`roto models`, `roto table`, `roto evidence`, the web pages and the figures all show them
from here, so a hedge shows wherever its statement does.

>>> found = qualified()
>>> found["systemic-family-therapy/expertise"].summary()
'arguable [35-38]; can be seen as [35-38]'
>>> found["peer-support-workers/reciprocity"].hedges[0].references
(26,)
"""

from __future__ import annotations

from collections import namedtuple

from .engine import Engine, open_engine
from .queries import run_select
from .store import bound_value, term_value


def cite_list(numbers) -> str:
    """Reference numbers as the review writes them: [26, 27, 29, 30, 31] -> "26, 27, 29-31"."""
    numbers = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}, {r[1]}" if len(r) == 2 else f"{r[0]}-{r[-1]}"
                     for r in runs)


class Hedge(namedtuple("Hedge", "kind label note references", defaults=(None, ()))):
    """One qualification: its kind (a Qualifier IRI and label), a note or None, the cited
    reference numbers (a named tuple, not a dataclass: see `roto.engine` on start-up)."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return self.kind.rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return self.label + (f" [{cite_list(self.references)}]" if self.references else "")


class Qualified(namedtuple("Qualified", "statement subject property target hedges joint_with", defaults=((), ()))):
    """What qualifies one statement: its id, subject, property and target (None for a
    claim), its hedges, and `joint_with`, the labels of the other models of a joint claim."""

    __slots__ = ()

    def summary(self) -> str:
        """The hedges and joint claim in one line: "arguable [35-38]; can be seen as [35-38]"."""
        parts = [str(h) for h in self.hedges]
        if self.joint_with:
            parts.append("joint claim with " + ", ".join(self.joint_with))
        return "; ".join(parts)

    def notes(self) -> str:
        """ROTO's notes on how the source words each hedge, joined."""
        return " ".join(h.note for h in self.hedges if h.note)


def hedge_json(hedge: Hedge) -> dict:
    """A hedge as JSON output gives it."""
    return {"kind": hedge.id, "label": hedge.label, "note": hedge.note, "references": list(hedge.references)}


def qualified(engine: Engine | None = None) -> dict[str, Qualified]:
    """Every qualified statement, by statement id (a claim about the review: by its IRI)."""
    engine = engine or open_engine()
    rows = run_select(engine, "qualifiers").records()
    found: dict[str, dict] = {}
    for row in rows:
        sid = bound_value(row["statement"])
        entry = found.setdefault(sid, {"row": row, "hedges": {}, "joint": []})
        kind = term_value(row["kind"])
        if kind is not None:
            hedge = entry["hedges"].setdefault(kind, {"label": term_value(row["kindLabel"]),
                                                      "note": term_value(row["note"]), "refs": []})
            number = term_value(row["number"])
            if number is not None and int(number) not in hedge["refs"]:
                hedge["refs"].append(int(number))
        joint = term_value(row["jointLabel"])
        if joint is not None and joint not in entry["joint"]:
            entry["joint"].append(joint)
    return {sid: Qualified(sid, bound_value(e["row"]["subject"]), term_value(e["row"]["property"]),
                           term_value(e["row"]["target"]),
                           tuple(Hedge(k, h["label"], h["note"], tuple(sorted(h["refs"]))) for k, h in e["hedges"].items()),
                           tuple(e["joint"]))
            for sid, e in found.items()}


def by_triple(found: dict[str, Qualified]) -> dict[tuple[str, str, str], Qualified]:
    """The same, keyed by (model, property, object) IRIs, for outputs that know the claim."""
    return {(q.subject, q.property, q.target): q for q in found.values() if q.property and q.target}
