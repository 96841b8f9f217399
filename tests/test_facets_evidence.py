"""The library under `roto models` and `roto evidence`: plain functions returning named tuples,
running only canned queries on whatever engine they are given."""

from __future__ import annotations

import pytest

from roto.errors import RotoError
from roto.evidence import Evidence, Reference, evidence
from roto.facets import Model, models
from roto.matching import Named, match


class CountingEngine:
    """Wraps an engine and records what it is asked: proof the functions use only the interface."""

    def __init__(self, engine):
        self.engine, self.asked = engine, []

    def query(self, sparql):
        self.asked.append(sparql)
        return self.engine.query(sparql)


def test_models_returns_named_tuples_in_review_order_on_any_engine(engine):
    counting = CountingEngine(engine)
    found = models(counting, relationship=["peers"], reciprocity="reciprocal")
    assert [(m.id, m.label, m.iri) for m in found] == [
        ("self-help-groups", "Self-help groups", "https://w3id.org/roto/model/self-help-groups"),
        ("therapeutic-communities", "Therapeutic communities", "https://w3id.org/roto/model/therapeutic-communities")]
    assert all(isinstance(m, Model) for m in found)
    # the review's hedges on what matched: a joint claim on peers, "usually" and "should" on reciprocity
    assert [m.hedges for m in found] == [
        "Peers: joint claim with Peer support workers | reciprocal: typically, not always [26]",
        "reciprocal: as an ideal [39-42]"]
    assert counting.asked, "the facets ran through the engine given"


def test_models_without_conditions_is_every_model(engine):
    assert len(models(engine)) == 10


def test_not_resource_reads_blank_cells_not_missing_triples(engine):
    """Every model of the review has a blank or a "Yes" for each resource, so the models
    that do not use X and those that do partition the ten."""
    for resource in ("social-relationships", "decision-making", "experiential-knowledge", "individual-strengths",
                     "recreational-activities", "self-actualising-tendencies"):
        using = {m.id for m in models(engine, resource=[resource])}
        blank = {m.id for m in models(engine, not_resource=[resource])}
        assert not using & blank and len(using | blank) == 10, resource


def test_evidence_statements_carry_locators_and_numbered_references(engine):
    statements = evidence("open-dialogue", engine=engine)
    assert len(statements) == 15  # six Table 1 cells, four Table 2 cells, two judgements, three key texts
    assert all(isinstance(s, Evidence) and s.locators for s in statements)
    blank = next(s for s in statements if s.statement == "open-dialogue/relationship/peers")
    assert (blank.asserted, blank.claim, blank.references) == (False, "does not explicitly use Peers", ())
    friends = next(s for s in statements if s.statement == "open-dialogue/relationship/friends")
    assert friends.references == (Reference(23, "Seikkula"), Reference(24, "Seikkula and Olson"),
                                  Reference(25, "Seikkula, Alakare, Aaltonen, Holma, Rasinkangas and Lehtinen"))


@pytest.mark.parametrize("feature, statement", [
    ("reciprocity", "therapeutic-communities/reciprocity"),
    ("Expertise", "therapeutic-communities/expertise"),
    ("peers", "therapeutic-communities/relationship/peers"),
    ("experiential", "therapeutic-communities/resource/experiential-knowledge"),
])
def test_evidence_for_one_feature(feature, statement, engine):
    assert [s.statement for s in evidence("therapeutic communities", feature, engine)] == [statement]


ENTRIES = [Named("https://w3id.org/roto/relationship/peers", "Peers"),
           Named("https://w3id.org/roto/relationship/professionals", "Professionals"),
           Named("https://w3id.org/roto/resource/decision-making", "Patient\u2019s decision-making ability"),
           Named("https://w3id.org/roto/expertise/peers", "peers")]


@pytest.mark.parametrize("value, expected", [
    ("PEERS ", None),  # exact, but two entries are called peers
    ("relationship/peers", "https://w3id.org/roto/relationship/peers"),
    ("<https://w3id.org/roto/expertise/peers>", "https://w3id.org/roto/expertise/peers"),
    ("relationship:professionals", "https://w3id.org/roto/relationship/professionals"),
    ("prof", "https://w3id.org/roto/relationship/professionals"),
    ("patient's decision making", "https://w3id.org/roto/resource/decision-making"),
    ("Decision", "https://w3id.org/roto/resource/decision-making"),
    ("pe", None),  # a prefix of three entries
    ("", None),
    ("family", None),
])
def test_match_by_iri_path_id_label_or_unique_prefix(value, expected):
    if expected is None:
        with pytest.raises(RotoError, match="valid values: peers, professionals, decision-making, peers"):
            match(ENTRIES, value, "thing")
    else:
        assert match(ENTRIES, value, "thing").iri == expected


ODD_MEMBERS = """
@prefix roto: <https://w3id.org/roto/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/roto/model/m1> a roto:TherapeuticModel ; rdfs:label "Straße" .
<https://w3id.org/roto/model/m2> a roto:TherapeuticModel ; rdfs:label "KELVIN" .
<https://w3id.org/roto/model/m3> a roto:TherapeuticModel ; rdfs:label "Spaced  out" .
<https://w3id.org/roto/model/twin-a> a roto:TherapeuticModel ; rdfs:label "Twin" .
<https://w3id.org/roto/model/twin-b> a roto:TherapeuticModel ; rdfs:label "twin"@en .
<https://w3id.org/roto/model/two-labels> a roto:TherapeuticModel ; rdfs:label "First name", "Second name"@en .
<http://example.org/Foo_Bar> a roto:TherapeuticModel ; rdfs:label "Outsider\u2019s model" .
<http://example.org/café> a roto:TherapeuticModel ; rdfs:label "Cafe" .
<https://w3id.org/roto/model/open-dialogue-2> a roto:TherapeuticModel ; rdfs:label "open_dialogue" .
"""


def test_resolve_answers_as_matching_every_member_does():
    """The indexed path of `resolve` (candidates narrowed by the engine) gives the answer or
    the message that matching against every member gives, and its candidates hold every
    exact match, on the review plus members made to trip it: non-ASCII labels and IRIs (ß
    and the Kelvin sign casefold to ASCII), duplicate names, two labels, an outside IRI."""
    import pyoxigraph as ox

    from roto.engine import LocalEngine
    from roto.matching import _is_exact, candidates, members, resolve
    from roto.store import open_store

    store = open_store()
    store.load(input=ODD_MEMBERS.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/roto/graph/assertions"))
    engine = CountingEngine(LocalEngine(store))
    classes = [("https://w3id.org/roto/TherapeuticModel",), ("https://w3id.org/roto/ResourceType",),
               ("https://w3id.org/roto/RelationshipType", "https://w3id.org/roto/ExpertiseLocus")]
    fast = 0
    for cls in classes:
        everyone = members(engine, cls)
        values = {"", " ", "-", ":", "x", "zz", "STRASSE", "strasse", "straße", "twin", "TWIN ", "Foo bar", "foo_bar",
                  "cafe", "café", "cafe\u0301", "kelvin", "\u212aelvin", "spaced out", "SPACED-OUT", "open dialogue", "Open_Dialogue", "second NAME", "outsider's model",
                  "model:twin-a", "roto:model/twin-a", "ex:Foo_Bar", "<http://example.org/Foo_Bar>"}
        for entry in everyone:
            values |= {entry.iri, f"<{entry.iri}>", entry.id, entry.id.upper(), entry.label, entry.label.upper(),
                       entry.label[:4], entry.iri[len("https://w3id.org/roto/"):], entry.id.replace("-", " ")}
        for value in sorted(values):
            try:
                expected = match(everyone, value, "thing")
            except RotoError as exc:
                expected = str(exc)
            engine.asked.clear()
            try:
                got = resolve(engine, cls, value, "thing")
            except RotoError as exc:
                got = str(exc)
            assert got == expected, (cls, value)
            fast += len(engine.asked) == 1
            exact = {e for e in everyone if _is_exact(e, value)}
            assert exact <= set(candidates(engine, cls, value)), (cls, value)
    assert fast > 50  # most exact names never fetch every member
