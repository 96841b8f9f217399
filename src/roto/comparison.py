"""Models side by side (`compare`) and the models most like one (`similar`).

`compare` lines up every cell of Table 1 and Table 2, reciprocity and expertise for two or
more models, each with its evidence (where the source says it and the references it
cites), and marks the features on which they differ. A table cell is "used", "blank" (the
source's empty cell: not used according to it) or "unstated" (the graph says neither).

`similar` ranks the other models by the Jaccard index of the table features they use:
|A ∩ B| / |A ∪ B|, where A and B are the features each explicitly uses, counted only over
the features stated (used or blank) for both models. A feature either model leaves
unstated is left out of both sets and reported as not comparable, so an unknown never
counts as agreement or as difference. Reciprocity and expertise are reported alongside
(same or not), outside the score.

>>> [(s.label, round(s.score, 2)) for s in similar("self-help groups")][:2]
[('Peer support workers', 0.75), ('Therapeutic communities', 0.5)]
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .engine import Engine, open_engine, solutions
from .framework import TABLES
from .namespaces import BASE
from .tables import table_cells

if TYPE_CHECKING:
    from .evidence import Evidence

DIMENSIONS = {BASE + "dimension/reciprocity": "reciprocity", BASE + "dimension/expertise": "expertise"}


@dataclass(frozen=True)
class Judgement:
    """What the graph says about one model on one feature, and the evidence for it."""

    value: str  # "used", "blank", "unstated", or a dimension's value label ("not stated" if none)
    locator: str = ""
    references: tuple[int, ...] = ()

    def evidence(self) -> str:
        """"Results: Family; Table 2 ... [23, 24]", or '' when nothing is stated."""
        refs = f" [{', '.join(map(str, self.references))}]" if self.references else ""
        return f"{self.locator}{refs}"


@dataclass(frozen=True)
class Feature:
    """One line of a comparison: a table column or a dimension, each model's judgement."""

    group: str  # "Table 1", "Table 2" or "dimension"
    feature: str  # its label
    judgements: dict[str, Judgement]  # by model label, in the order asked

    @property
    def differs(self) -> bool:
        return len({j.value for j in self.judgements.values()}) > 1


@dataclass(frozen=True)
class Similarity:
    """Another model and how much it shares with the one asked about."""

    model: str
    label: str
    score: float | None  # Jaccard index over the features stated for both; None if neither uses any
    shared: tuple[str, ...]  # features both use
    only_mine: tuple[str, ...]  # used by the model asked about only
    only_theirs: tuple[str, ...]
    compared: int  # features stated for both
    not_comparable: tuple[str, ...]  # features either leaves unstated
    same_reciprocity: bool | None  # None when either is not stated
    same_expertise: bool | None


def _resolve(engine: Engine, names) -> list:
    from .matching import match, members

    known = members(engine, (BASE + "TherapeuticModel",))
    return list(dict.fromkeys(match(known, name, "model") for name in names))


def _statements(engine: Engine, model: str) -> dict[str, Evidence]:
    """The model's statements by feature IRI (a table column or a dimension)."""
    from .evidence import evidence

    return {s.feature: s for s in evidence(model, engine=engine) if s.feature != BASE + "hasKeyText"}


def _profiles(engine: Engine, models: list) -> list[Feature]:
    said = {m.iri: _statements(engine, m.iri) for m in models}
    features = []
    for name, table in TABLES.items():
        cells = [c for c in table_cells(name, engine=engine) if c.model in said]
        for column in dict.fromkeys((c.column, c.column_label) for c in cells):
            kinds = {c.model: {"Yes": "used"}.get(c.value, c.value) for c in cells if c.column == column[0]}
            judgements = {}
            for m in models:
                s = said[m.iri].get(column[0])
                judgements[m.label] = Judgement(kinds.get(m.iri, "unstated"), s.locator if s else "",
                                                tuple(r.number for r in s.references) if s else ())
            features.append(Feature(table.label, column[1], judgements))
    for iri, label in DIMENSIONS.items():
        judgements = {}
        for m in models:
            s = said[m.iri].get(iri)
            judgements[m.label] = (Judgement(s.target_label + (f" ({s.qualifier})" if s.qualifier else ""), s.locator,
                                             tuple(r.number for r in s.references)) if s else Judgement("not stated"))
        features.append(Feature("dimension", label, judgements))
    return features


def compare(models: list[str], engine: Engine | None = None) -> list[Feature]:
    """Every Table 1 and Table 2 cell, reciprocity and expertise of `models` (labels, ids
    or unambiguous prefixes; two or more), side by side with their evidence."""
    from .errors import RotoError

    engine = engine or open_engine()
    found = _resolve(engine, models)
    if len(found) < 2:
        raise RotoError("compare needs two or more different models")
    return _profiles(engine, found)


class Profiles(namedtuple("Profiles", "models kinds dimensions")):
    """What `similar` compares, read once for every model: the labelled models (in the
    review's order), each one's kind of cell ("used", "blank", "unstated") by table feature
    label, and its reciprocity and expertise (IRIs of values) by name. Reading it is linear
    in the graph; the pages keep one for the life of the server (the served graph is read-only)."""

    __slots__ = ()


# Each model's statements of a value on a dimension with a labelled locator (as every valid
# statement has: shapes/statements.ttl), as `roto evidence` lists them: the reciprocity and
# expertise `_statements` reads model by model, for every model in one query. Each branch is
# one basic pattern led by the few values on a dimension: pyoxigraph answers that in time
# linear in the statements found, where VALUES or FILTER EXISTS took seconds per thousand models.
DIMENSION_VALUES = """PREFIX roto: <https://w3id.org/roto/>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?model ?statement ?dimension ?target WHERE {
  { ?target roto:onDimension ?dimension .
    ?node owl:annotatedTarget ?target ; a owl:Axiom ; owl:annotatedSource ?model ; owl:annotatedProperty ?property ;
          roto:statementId ?statement ; roto:locator ?part .
    ?part rdfs:label ?partLabel . ?model a roto:TherapeuticModel . }
  UNION
  { ?target roto:onDimension ?dimension .
    ?node owl:targetIndividual ?target ; a owl:NegativePropertyAssertion ; owl:sourceIndividual ?model ;
          owl:assertionProperty ?property ; roto:statementId ?statement ; roto:locator ?part .
    ?part rdfs:label ?partLabel . ?model a roto:TherapeuticModel . }
}"""


# A review table's columns in order, the cells a model uses, and its blank cells: the
# `review-table` query's answer in three patterns, which pyoxigraph answers in time linear in
# their matches (the query's joins and sort took 18 s of CPU a table at 10,000 models).
TABLE_PATTERNS = """PREFIX roto: <https://w3id.org/roto/>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT %s WHERE { %s } %s"""
COLUMNS = ("?column ?label", "PROPERTY rdfs:range ?type . ?column a ?type ; rdfs:label ?label ; roto:tablePosition ?position",
           "ORDER BY ?position ?label ?column")
USED = "?model ?column", "?model PROPERTY ?column", ""
BLANK = "?model ?column", "?cell owl:sourceIndividual ?model ; owl:assertionProperty PROPERTY ; owl:targetIndividual ?column", ""


def profiles(engine: Engine) -> Profiles:
    """Every model's profile (see `Profiles`): the review's tables' cells (as `table_cells`
    gives them) and one query for the dimensions."""
    from .evidence import in_number_order
    from .matching import members

    def rows(query: tuple[str, str, str], prop: str) -> list:
        select, pattern, order = query
        answer = solutions(engine.query(TABLE_PATTERNS % (select, pattern.replace("PROPERTY", f"<{prop}>"), order)))
        return [tuple(term.value for term in row) for row in answer.rows]

    models = members(engine, (BASE + "TherapeuticModel",))
    kinds: dict[str, dict[str, str]] = {m.iri: {} for m in models}  # model IRI -> feature label -> kind
    for table in TABLES.values():
        columns = rows(COLUMNS, table.property)
        used, blank = set(rows(USED, table.property)), set(rows(BLANK, table.property))
        for model, cells in kinds.items():
            for column, label in columns:
                cells[label] = "used" if (model, column) in used else "blank" if (model, column) in blank else "unstated"
    said: dict[str, dict[str, tuple[str, str]]] = {}  # model -> statement id -> (dimension, value)
    for model, statement, dimension, target in solutions(engine.query(DIMENSION_VALUES)).rows:
        said.setdefault(model.value, {}).setdefault(statement.value, (dimension.value, target.value))
    dimensions: dict[str, dict[str, str]] = {}
    for model, statements in said.items():  # in `evidence`'s order: a later statement on a dimension wins
        for statement in sorted(statements, key=in_number_order):
            dimension, target = statements[statement]
            if dimension in DIMENSIONS:
                dimensions.setdefault(model, {})[DIMENSIONS[dimension]] = target
    return Profiles(models, kinds, dimensions)


def similar(model: str, engine: Engine | None = None, known: Profiles | None = None,
            limit: int | None = None) -> list[Similarity]:
    """The other models, most similar first (see the module's note on the measure);
    `known`: the profiles read before, so that asking about many models reads the graph once;
    `limit`: only the first so many (each ranked by its score alone, then described: a model
    page of a large project shows the top of a ranking of thousands)."""
    import heapq

    from .matching import match

    known = known or profiles(engine or open_engine())
    mine = next((m for m in known.models if m.iri == model), None) or match(known.models, model, "model")
    mine_kinds = known.kinds.get(mine.iri, {})
    mine_used, mine_stated = _used_stated(mine_kinds)

    def key(other) -> tuple:
        used, stated = _used_stated(known.kinds.get(other.iri, {}))
        a, b = mine_used & stated, used & mine_stated
        score = len(a & b) / len(a | b) if a | b else None
        return score is None, -(score or 0), other.label

    others = [m for m in known.models if m.iri != mine.iri]
    ranked = sorted(others, key=key) if limit is None else heapq.nsmallest(limit, others, key=key)
    return [_similarity(known, mine, other) for other in ranked]


def _used_stated(kinds: dict[str, str]) -> tuple[set[str], set[str]]:
    """The features a model uses, and those it states (uses or leaves blank)."""
    return {f for f, k in kinds.items() if k == "used"}, {f for f, k in kinds.items() if k != "unstated"}


def _similarity(known: Profiles, mine, other) -> Similarity:
    mine_kinds, theirs = known.kinds.get(mine.iri, {}), known.kinds.get(other.iri, {})
    mine_dims, their_dims = known.dimensions.get(mine.iri, {}), known.dimensions.get(other.iri, {})
    features = list(dict.fromkeys([*mine_kinds, *theirs]))
    stated = [f for f in features if mine_kinds.get(f, "unstated") != "unstated" and theirs.get(f, "unstated") != "unstated"]
    a = {f for f in stated if mine_kinds[f] == "used"}
    b = {f for f in stated if theirs[f] == "used"}

    def order(found: set[str]) -> tuple[str, ...]:
        return tuple(f for f in features if f in found)

    same = {d: (mine_dims[d] == their_dims[d]) if d in mine_dims and d in their_dims else None
            for d in ("reciprocity", "expertise")}
    return Similarity(other.iri, other.label, len(a & b) / len(a | b) if a | b else None,
                      order(a & b), order(a - b), order(b - a), len(stated),
                      tuple(f for f in features if f not in stated), same["reciprocity"], same["expertise"])
