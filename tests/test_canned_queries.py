"""Every file in queries/ and queries/checks/ runs, and its answer is the review's.

The expected answers below are written by hand from the paper (its Tables 1 and 2 and its
Results subsections), not generated from the graph. A new query is tested by being added:
the parametrised test fails until its answer is written here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from roto.assets import asset_dir
from roto.queries import all_queries, run

FIXTURES = Path(__file__).parent / "fixtures"
QUERY_NAMES = sorted(all_queries())

BEF, CCT, CMT, OD, PSW = "befriending", "client-centred-therapy", "creative-music-therapy", "open-dialogue", "peer-support-workers"
PP, SHG, SFT, SYS, TC = "positive-psychotherapy", "self-help-groups", "solution-focused-therapy", "systemic-family-therapy", "therapeutic-communities"
REVIEW_ORDER = [BEF, CCT, CMT, OD, PSW, PP, SHG, SFT, SYS, TC]
RESOURCES = ["social-relationships", "decision-making", "experiential-knowledge", "individual-strengths",
             "recreational-activities", "self-actualising-tendencies"]


def local(value: str | None) -> str | None:
    """An IRI's last segment (model/befriending -> befriending); other values unchanged."""
    return value.rsplit("/", 1)[-1] if value and value.startswith("https://w3id.org/roto/") else value


def column(answer, name: str) -> list:
    return [local(v) for v in answer.values(name)]


def table_cells(fixture: str) -> list[tuple[str, str, str]]:
    """(model label, column label, "Yes" or "blank") from the hand-written table fixture."""
    with open(FIXTURES / fixture, newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return [(row[0], col, cell or "blank") for row in rows for col, cell in zip(header[1:], row[1:])]


def evidence_refs(answer) -> dict[str, list[int]]:
    refs: dict[str, list[int]] = {}
    for row in answer.records():
        entry = refs.setdefault(row["statement"].value, [])
        if row["kind"].value == "reference":
            entry.append(int(row["evidence"].value))
    return refs


def systemic_expertise(answer) -> set[tuple[str, object]]:
    """The evidence items of systemic family therapy's expertise judgement (nuance: present or not)."""
    return {(r["kind"].value, True if r["kind"].value == "nuance" else r["evidence"].value)
            for r in answer.records() if r["statement"].value == "systemic-family-therapy/expertise"}


# name -> list of (parameters, check(answer)). Each check compares with the paper.
ANSWERS = {
    "models": [({}, lambda a: column(a, "model") == REVIEW_ORDER)],
    # Without --inferred: the sixteen defined classes, no members (tests/test_reasoning.py checks them with it).
    "groupings": [({}, lambda a: len(set(column(a, "grouping"))) == len(a) == 16 and set(column(a, "model")) == {None})],
    "terms": [
        ({}, lambda a: column(a, "term") == RESOURCES),
        ({"class": "roto:RelationshipType"}, lambda a: column(a, "term") == ["professionals", "peers", "friends", "family"]),
        ({"class": "roto:ReciprocityValue"}, lambda a: sorted(column(a, "term")) == ["reciprocal", "unidirectional"]),
        ({"class": "expertise locus"}, lambda a: sorted(column(a, "term")) == ["everyone", "patient", "peers", "therapist"]),
    ],
    "models-by-resource": [
        ({}, lambda a: column(a, "model") == REVIEW_ORDER),  # social relationships: all ten
        ({"resource": "decision"}, lambda a: column(a, "model") == [CCT, CMT, OD, SFT, TC]),
        ({"resource": "Experiential knowledge"}, lambda a: column(a, "model") == [PSW, PP, SHG, SFT, TC]),
        ({"resource": "individual-strengths"}, lambda a: column(a, "model") == [CMT, PP, SFT]),
        ({"resource": "recreational"}, lambda a: column(a, "model") == [BEF, CMT, SHG]),
        ({"resource": "self-actualising"}, lambda a: column(a, "model") == [CCT, SYS]),
    ],
    "models-by-relationship": [
        ({}, lambda a: column(a, "model") == [CMT, PSW, SHG, TC]),  # peers
        ({"relationship": "professionals"}, lambda a: column(a, "model") == [CCT, CMT, OD, SFT, TC]),
        ({"relationship": "Friends"}, lambda a: column(a, "model") == [BEF, OD, PP]),
        ({"relationship": "fam"}, lambda a: column(a, "model") == [OD, PP, SFT, SYS]),
    ],
    "models-by-reciprocity": [
        ({}, lambda a: column(a, "model") == [BEF, OD, SHG, TC] and set(a.values("qualifier")) == {None}),
        ({"reciprocity": "unidirectional"}, lambda a: list(zip(column(a, "model"), a.values("qualifier"))) == [
            (CCT, None), (CMT, None), (PSW, "leans towards reciprocity"), (PP, None), (SFT, None), (SYS, None)]),
    ],
    "models-by-expertise": [
        ({}, lambda a: column(a, "model") == [CCT, OD, PP, SFT]),  # patient
        ({"expertise": "peers"}, lambda a: list(zip(column(a, "model"), a.values("qualifier"))) == [
            (PSW, "partial"), (SHG, "partial")]),
        ({"expertise": "everyone"}, lambda a: column(a, "model") == [TC]),
        ({"expertise": "therapist"}, lambda a: list(zip(column(a, "model"), a.values("qualifier"))) == [(SYS, "arguable")]),
    ],
    "models-by-relationship-and-reciprocity": [
        ({}, lambda a: column(a, "model") == [SHG, TC]),  # peers and reciprocal
        ({"relationship": "friends", "reciprocity": "reciprocal"}, lambda a: column(a, "model") == [BEF, OD]),
        ({"relationship": "peers", "reciprocity": "unidirectional"}, lambda a: column(a, "model") == [CMT, PSW]),
    ],
    "expertise-unstated": [({}, lambda a: column(a, "model") == [BEF, CMT])],
    "models-not-using": [
        ({}, lambda a: column(a, "model") == [BEF, PSW, PP, SHG, SYS]),  # decision-making
        ({"feature": "social-relationships"}, lambda a: column(a, "model") == []),
        ({"feature": "family"}, lambda a: column(a, "model") == [BEF, CCT, CMT, PSW, SHG, TC]),
        ({"feature": "professionals"}, lambda a: column(a, "model") == [BEF, PSW, PP, SHG, SYS]),
    ],
    "evidence": [
        ({}, lambda a: evidence_refs(a) == {  # open dialogue: the references the review cites for each statement
            "open-dialogue/resource/social-relationships": [], "open-dialogue/resource/decision-making": [24, 25],
            "open-dialogue/resource/experiential-knowledge": [], "open-dialogue/resource/individual-strengths": [],
            "open-dialogue/resource/recreational-activities": [], "open-dialogue/resource/self-actualising-tendencies": [],
            "open-dialogue/relationship/professionals": [24, 25], "open-dialogue/relationship/peers": [],
            "open-dialogue/relationship/friends": [23, 24, 25], "open-dialogue/relationship/family": [23, 24, 25],
            "open-dialogue/reciprocity": [23, 24, 25], "open-dialogue/expertise": [23, 24, 25],
            "open-dialogue/key-text/23": [23], "open-dialogue/key-text/24": [24], "open-dialogue/key-text/25": [25]}),
        ({"model": "systemic"}, lambda a: systemic_expertise(a) == {
            ("locator", "Results: Expertise"), ("qualifier", "arguable"), ("nuance", True),
            ("reference", "35"), ("reference", "36"), ("reference", "37"), ("reference", "38")}),
        ({"model": "client-centred"}, lambda a: evidence_refs(a)["client-centred-therapy/resource/self-actualising-tendencies"] == [13, 15]),
    ],
    "reference-statements": [
        ({}, lambda a: sorted({int(n) for n in a.values("number")}) == list(range(9, 44))),
        ({}, lambda a: sorted(s for n, s in zip(a.values("number"), a.values("statement")) if n == "28") == sorted(
            f"{PP}/{s}" for s in ("key-text/28", "resource/experiential-knowledge", "resource/individual-strengths",
                                  "relationship/friends", "relationship/family", "expertise"))),
        ({}, lambda a: [s for n, s in zip(a.values("number"), a.values("statement")) if n == "43"] == [f"{SFT}/relationship/family"]),
    ],
    "resource-counts": [({}, lambda a: list(zip(column(a, "resource"), a.values("uses"), a.values("blank"))) == [
        ("social-relationships", "10", "0"), ("decision-making", "5", "5"), ("experiential-knowledge", "5", "5"),
        ("individual-strengths", "3", "7"), ("recreational-activities", "3", "7"), ("self-actualising-tendencies", "2", "8")])],
    "relationship-counts": [({}, lambda a: list(zip(column(a, "relationship"), a.values("uses"), a.values("blank"))) == [
        ("professionals", "5", "5"), ("peers", "4", "6"), ("friends", "3", "7"), ("family", "4", "6")])],
    "dimension-grid": [({}, lambda a: [tuple(row) for row in zip(a.values("reciprocity"), a.values("expertise"), a.values("models"))] == [
        ("reciprocal", "everyone", "1"), ("reciprocal", "patient", "1"), ("reciprocal", "peers (experiential expertise)", "1"),
        ("reciprocal", "unstated", "1"), ("unidirectional", "patient", "3"), ("unidirectional", "peers (experiential expertise)", "1"),
        ("unidirectional", "therapist", "1"), ("unidirectional", "unstated", "1")])],
    "review-table": [
        ({}, lambda a: list(zip(a.values("modelLabel"), a.values("columnLabel"), a.values("cell"))) == table_cells("table1.csv")),
        ({"property": "roto:usesRelationship"},
         lambda a: list(zip(a.values("modelLabel"), a.values("columnLabel"), a.values("cell"))) == table_cells("table2.csv")),
    ],
    "figure-dimension-values": [({}, lambda a: list(zip(column(a, "dimension"), column(a, "value"))) == [
        ("expertise", "everyone"), ("expertise", "patient"), ("expertise", "peers"), ("expertise", "therapist"),
        ("reciprocity", "reciprocal"), ("reciprocity", "unidirectional")])],
    "figure-dimensions": [({}, lambda a: list(zip(column(a, "model"), column(a, "reciprocity"), a.values("reciprocityQualifierLabel"),
                                                  column(a, "expertise"), a.values("expertiseQualifierLabel"))) == [
        (BEF, "reciprocal", None, None, None), (CCT, "unidirectional", None, "patient", None),
        (CMT, "unidirectional", None, None, None), (OD, "reciprocal", None, "patient", None),
        (PSW, "unidirectional", "leans towards reciprocity", "peers", "partial"), (PP, "unidirectional", None, "patient", None),
        (SHG, "reciprocal", None, "peers", "partial"), (SFT, "unidirectional", None, "patient", None),
        (SYS, "unidirectional", None, "therapist", "arguable"), (TC, "reciprocal", None, "everyone", None)])],
    "figure-source": [({"review": "<https://doi.org/10.1192/bjp.bp.113.135038>"}, lambda a: [
        (r["authors"].value, r["identifier"].value, "2014;204(4):256" in r["citation"].value) for r in a.records()] == [
        ("Priebe S, Omer S, Giacco D, Slade M", "doi:10.1192/bjp.bp.113.135038", True)])],
}
# Written by hand from mappings/roto.sssom.tsv: (term, match, target).
BCIO, OBO, CITO, SCHEMA = "http://humanbehaviourchange.org/ontology/BCIO_", "http://purl.obolibrary.org/obo/", "http://purl.org/spar/cito/", "https://schema.org/"
ANSWERS["term-mappings"] = [({}, lambda a: list(zip(column(a, "term"), [m.rsplit("#", 1)[1] for m in a.values("match")],
                                                    a.values("target"))) == [
    ("ExpertiseLocus", "relatedMatch", BCIO + "010120"), ("Publication", "closeMatch", OBO + "IAO_0000311"),
    ("Qualifier", "closeMatch", OBO + "SEPIO_0000346"), ("RelationshipType", "relatedMatch", BCIO + "010094"),
    ("TherapeuticModel", "relatedMatch", OBO + "MAXO_0001298"), ("TherapeuticModel", "relatedMatch", SCHEMA + "PsychologicalTreatment"),
    ("citesReference", "closeMatch", CITO + "citesAsEvidence"), ("hasKeyText", "relatedMatch", CITO + "citesAsAuthority"),
    (CCT, "broadMatch", SCHEMA + "PsychologicalTreatment"), (PP, "broadMatch", SCHEMA + "PsychologicalTreatment"),
    (SFT, "broadMatch", SCHEMA + "PsychologicalTreatment"), (SYS, "broadMatch", SCHEMA + "PsychologicalTreatment"),
    ("qualifier", "closeMatch", OBO + "SEPIO_0000144"), ("family", "relatedMatch", BCIO + "010095"),
    ("friends", "relatedMatch", BCIO + "010101"), ("peers", "relatedMatch", BCIO + "010104"),
    ("professionals", "relatedMatch", BCIO + "010008"), ("decision-making", "relatedMatch", BCIO + "006116"),
    ("recreational-activities", "relatedMatch", BCIO + "050693"), ("source", "closeMatch", CITO + "citesAsSourceDocument")]
    and all(a.values("why")))]
# A quality check's answer on the review is no rows: every row would be a defect.
ANSWERS.update({name: [({}, lambda a: len(a) == 0)] for name in QUERY_NAMES if name.startswith("checks/")})


def test_every_query_file_is_listed():
    root = asset_dir("queries")
    assert {p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.rq")} == set(QUERY_NAMES)
    assert any(name.startswith("checks/") for name in QUERY_NAMES)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_answers_the_review(name, engine):
    assert name in ANSWERS, f"queries/{name}.rq has no hand-written answer in {Path(__file__).name}: add one"
    for params, check in ANSWERS[name]:
        answer = run(engine, name, params)
        assert check(answer), f"{name} {params}: unexpected answer {answer.rows}"
