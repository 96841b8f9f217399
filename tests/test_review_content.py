"""The graph says what the review says: provenance, references, dimensions, citations."""

import pytest

from roto.namespaces import BASE, REVIEW_IRI

PREFIX = f"PREFIX roto: <{BASE}> PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"

# Written by hand from the review's Results ("Reciprocity", "Expertise").
RECIPROCITY = {
    "befriending": "reciprocal", "open-dialogue": "reciprocal", "self-help-groups": "reciprocal",
    "therapeutic-communities": "reciprocal", "client-centred-therapy": "unidirectional",
    "creative-music-therapy": "unidirectional", "peer-support-workers": "unidirectional",
    "positive-psychotherapy": "unidirectional", "solution-focused-therapy": "unidirectional",
    "systemic-family-therapy": "unidirectional",
}
EXPERTISE = {
    "client-centred-therapy": "patient", "solution-focused-therapy": "patient", "positive-psychotherapy": "patient",
    "open-dialogue": "patient", "self-help-groups": "peers", "peer-support-workers": "peers",
    "therapeutic-communities": "everyone", "systemic-family-therapy": "therapist",
}
UNSTATED_EXPERTISE = {"befriending", "creative-music-therapy"}


def rows(store, query):
    """SELECT results as dicts of plain strings (None where unbound)."""
    solutions = store.query(PREFIX + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def local(iri):
    return iri.rsplit("/", 1)[1]


def test_ten_models_six_resources_four_relationships_two_dimensions(store):
    for cls, count in [("TherapeuticModel", 10), ("ResourceType", 6), ("RelationshipType", 4),
                       ("RelationshipDimension", 2), ("ReciprocityValue", 2), ("ExpertiseLocus", 4)]:
        found = rows(store, f"SELECT ?x ?label ?def WHERE {{ ?x a roto:{cls} . OPTIONAL {{ ?x rdfs:label ?label }} "
                            f"OPTIONAL {{ ?x <http://www.w3.org/2004/02/skos/core#definition> ?def }} }}")
        assert len(found) == count, cls
        assert all(r["label"] and r["def"] for r in found), f"{cls}: every entity has a label and a definition"


def test_every_statement_has_source_and_locator(review_content, store):
    statements = rows(store, """
        SELECT ?node ?id (COUNT(DISTINCT ?source) AS ?sources) (COUNT(DISTINCT ?locator) AS ?locators) WHERE {
          ?node roto:statementId ?id .
          OPTIONAL { ?node roto:source ?source } OPTIONAL { ?node roto:locator ?locator }
        } GROUP BY ?node ?id""")
    assert len(statements) == len(review_content.statements) > 0
    assert all(int(r["sources"]) == 1 and int(r["locators"]) >= 1 for r in statements)
    # every asserted model triple and every negative assertion is annotated
    unannotated = rows(store, """
        SELECT ?s ?p ?o WHERE {
          ?s a roto:TherapeuticModel ; ?p ?o .
          FILTER(?p IN (roto:usesResource, roto:usesRelationship, roto:hasReciprocity, roto:hasExpertiseLocus, roto:hasKeyText))
          FILTER NOT EXISTS { ?ax owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ; roto:source ?src ; roto:locator ?loc }
        }""")
    assert unannotated == []
    negatives = rows(store, "SELECT ?n WHERE { ?n a owl:NegativePropertyAssertion FILTER NOT EXISTS { ?n roto:source ?s ; roto:locator ?l } }")
    assert negatives == []


def test_sources_point_to_the_review(store):
    sources = rows(store, "SELECT DISTINCT ?source WHERE { ?n roto:statementId ?id ; roto:source ?source }")
    assert [r["source"] for r in sources] == [REVIEW_IRI]
    review = rows(store, f"SELECT ?authors ?cit WHERE {{ <{REVIEW_IRI}> a roto:Review ; roto:authorsAsCited ?authors ; "
                         "<http://purl.org/dc/terms/bibliographicCitation> ?cit }")
    assert review == [{"authors": "Priebe S, Omer S, Giacco D, Slade M", "cit": "Br J Psychiatry 2014;204(4):256-261"}]


def test_each_of_the_62_references_exists_once_with_its_number(store):
    refs = rows(store, "SELECT ?r ?n ?authors WHERE { ?r a roto:Reference ; roto:referenceNumber ?n ; roto:citedIn ?review . OPTIONAL { ?r roto:authorsAsCited ?authors } }")
    numbers = sorted(int(r["n"]) for r in refs)
    assert numbers == list(range(1, 63))
    by_number = {int(r["n"]): r for r in refs}
    assert by_number[24]["authors"] == "Seikkula and Olson"
    assert by_number[1]["authors"] == "Seligman and Csikszentmihalyi"
    # numbers the review only cites inside a range, and ref 59, have no names in the text
    for n in (3, 10, 11, 14, 59):
        assert by_number[n]["authors"] is None
    assert all(local(r["r"]) == r["n"] for r in refs)


def test_reciprocity_matches_the_review(store):
    found = {local(r["m"]): local(r["v"]) for r in rows(store, "SELECT ?m ?v WHERE { ?m roto:hasReciprocity ?v }")}
    assert found == RECIPROCITY


def test_expertise_matches_the_review_and_leaves_two_unstated(store):
    found = {local(r["m"]): local(r["v"]) for r in rows(store, "SELECT ?m ?v WHERE { ?m roto:hasExpertiseLocus ?v }")}
    assert found == EXPERTISE
    unstated = {local(r["m"]) for r in rows(store, "SELECT ?m WHERE { ?m a roto:TherapeuticModel FILTER NOT EXISTS { ?m roto:hasExpertiseLocus ?v } }")}
    assert unstated == UNSTATED_EXPERTISE


def test_nuance_is_kept_on_peer_support_and_systemic_family_therapy(store):
    hedges = rows(store, """SELECT ?m ?p ?q WHERE { ?ax owl:annotatedSource ?m ; owl:annotatedProperty ?p ;
                                                    roto:qualifiedBy/roto:qualifier ?q }""")
    found = {(local(r["m"]), local(r["p"]), local(r["q"])) for r in hedges}
    assert ("peer-support-workers", "hasReciprocity", "leans-reciprocal") in found
    assert ("systemic-family-therapy", "hasExpertiseLocus", "arguable") in found


def hedge_refs(store, model, prop):
    found = rows(store, f"""SELECT ?q ?n WHERE {{ ?ax owl:annotatedSource <{BASE}model/{model}> ;
        owl:annotatedProperty roto:{prop} ; roto:qualifiedBy ?h . ?h roto:qualifier ?q .
        OPTIONAL {{ ?h roto:citesReference/roto:referenceNumber ?n }} }}""")
    out: dict[str, list[int]] = {}
    for r in found:
        out.setdefault(local(r["q"]), [])
        if r["n"] is not None:
            out[local(r["q"])].append(int(r["n"]))
    return {k: sorted(v) for k, v in out.items()}


def test_reference_26_supports_the_hedge_not_the_one_way_judgement(store):
    """Results, Reciprocity: the one-way list cites nothing; ref 26 follows "may suggest a more reciprocal"."""
    assert cited(store, "peer-support-workers", "hasReciprocity", BASE + "reciprocity/unidirectional") == []
    assert hedge_refs(store, "peer-support-workers", "hasReciprocity") == {"leans-reciprocal": [26]}


@pytest.mark.parametrize("model, prop, hedges", [
    # Results, Reciprocity: "Befriending can also be seen as a reciprocal relationship" (9-12)
    ("befriending", "hasReciprocity", {"seen-as": [9, 10, 11, 12]}),
    # Results, Expertise: "the patient can be seen as the expert" for four models, each with its own citations
    ("client-centred-therapy", "hasExpertiseLocus", {"seen-as": [13, 14, 15, 16, 17]}),
    ("solution-focused-therapy", "hasExpertiseLocus", {"seen-as": [32, 33, 34]}),
    ("positive-psychotherapy", "hasExpertiseLocus", {"seen-as": [28]}),
    ("open-dialogue", "hasExpertiseLocus", {"seen-as": [23, 24, 25]}),
    # "everyone can be seen as an expert" (39-42)
    ("therapeutic-communities", "hasExpertiseLocus", {"seen-as": [39, 40, 41, 42]}),
    # "The only arguable exception ... the therapist can be seen as the expert" (35-38)
    ("systemic-family-therapy", "hasExpertiseLocus", {"arguable": [35, 36, 37, 38], "seen-as": [35, 36, 37, 38]}),
    # "should be seen as equal": normative, not descriptive
    ("therapeutic-communities", "hasReciprocity", {"normative": [39, 40, 41, 42]}),
])
def test_can_be_seen_as_and_other_judgement_hedges(store, model, prop, hedges):
    assert hedge_refs(store, model, prop) == hedges


def test_joint_claims_point_at_every_model_they_are_about(store):
    """One sentence about several models is marked joint on each, naming the others (Results: Experiential
    knowledge, Peers, Reciprocity, Expertise)."""
    found = rows(store, """SELECT ?m ?p ?t ?o WHERE { ?ax owl:annotatedSource ?m ; owl:annotatedProperty ?p ;
                                                       owl:annotatedTarget ?t ; roto:jointClaimWith ?o }""")
    pairs: dict[tuple, set] = {}
    for r in found:
        pairs.setdefault((local(r["p"]), local(r["t"])), set()).add(frozenset({local(r["m"]), local(r["o"])}))
    both = {frozenset({"peer-support-workers", "self-help-groups"})}
    assert pairs[("usesResource", "experiential-knowledge")] == both
    assert pairs[("usesRelationship", "peers")] == both
    assert pairs[("hasExpertiseLocus", "peers")] == both
    one_way = {"client-centred-therapy", "systemic-family-therapy", "solution-focused-therapy", "creative-music-therapy",
               "positive-psychotherapy", "peer-support-workers"}
    assert pairs[("hasReciprocity", "unidirectional")] == {frozenset({a, b}) for a in one_way for b in one_way if a != b}
    patient = {"client-centred-therapy", "solution-focused-therapy", "positive-psychotherapy", "open-dialogue"}
    assert pairs[("hasExpertiseLocus", "patient")] == {frozenset({a, b}) for a in patient for b in patient if a != b}
    assert set(pairs) == {("usesResource", "experiential-knowledge"), ("usesRelationship", "peers"),
                          ("hasExpertiseLocus", "peers"), ("hasReciprocity", "unidirectional"),
                          ("hasExpertiseLocus", "patient")}


@pytest.mark.parametrize("entity, wrong, right", [
    # Results, Solution-focused therapy: the review never calls it brief
    ("model/solution-focused-therapy", "brief", "exceptions"),
    # Results, Friends: friends are part of the wider social network, not the other way round
    ("relationship/friends", "including the wider", "wider social network"),
    # Results, Reciprocity: each reciprocal model has its own reason; learning from one another is one model's
    ("ReciprocalModel", "learn from each other", "own reason"),
    ("reciprocity/reciprocal", "as equals", "reasons that differ"),
    # Results, Patients' decision-making abilities: shared decision-making counts, not only choosing alone
    ("resource/decision-making", "choose for themselves", "shares the decisions"),
    ("DecisionMakingUsingModel", "choosing for themselves", "shared with staff"),
    # Method, Data collection: four inclusion criteria, recorded as claims, not one folded into the class
    ("TherapeuticModel", "more than one service", "four inclusion criteria"),
])
def test_definitions_follow_the_paper(store, entity, wrong, right):
    [found] = rows(store, f"SELECT ?d WHERE {{ <{BASE}{entity}> skos:definition ?d }}")
    assert wrong not in found["d"] and right in found["d"]


def test_the_reviews_method_limitations_and_conclusions_are_statements(store):
    """Method (approach, search, four criteria), Strengths and limitations, Discussion conclusions."""
    found = rows(store, """SELECT ?c ?kind ?part WHERE { ?c a ?kind ; roto:claimText ?t ; roto:locator/rdfs:label ?part }""")
    by_kind: dict[str, set] = {}
    for r in found:
        by_kind.setdefault(local(r["kind"]), set()).add(r["part"])
    assert by_kind["InclusionCriterion"] == {"Method: Data collection"}
    assert by_kind["Limitation"] == {"Discussion: Strengths and limitations"}
    assert by_kind["MethodStep"] == {"Introduction", "Method", "Method: Data collection", "Method: Data analysis"}
    assert by_kind["Conclusion"] >= {"Discussion", "Discussion: Social relationships", "Discussion: Implications of the study"}
    criteria = rows(store, "SELECT ?c WHERE { ?c a roto:InclusionCriterion }")
    assert len(criteria) == 4
    simplified = rows(store, f"""SELECT ?q WHERE {{ <{BASE}claim/simplified-characterisation> a roto:Limitation ;
                                                     roto:qualifiedBy/roto:qualifier ?q }}""")
    assert [local(r["q"]) for r in simplified] == ["seen-as"]


def cited(store, model, prop, target):
    found = rows(store, f"""SELECT ?n WHERE {{ ?ax owl:annotatedSource <{BASE}model/{model}> ;
        owl:annotatedProperty roto:{prop} ; owl:annotatedTarget <{target}> ; roto:citesReference ?r .
        ?r roto:referenceNumber ?n }}""")
    return sorted(int(r["n"]) for r in found)


@pytest.mark.parametrize("model, prop, target, numbers", [
    ("open-dialogue", "usesResource", "resource/decision-making", [24, 25]),
    ("client-centred-therapy", "usesResource", "resource/self-actualising-tendencies", [13, 15]),
    ("client-centred-therapy", "usesResource", "resource/decision-making", [13, 14, 15, 16, 17]),
    ("systemic-family-therapy", "usesResource", "resource/self-actualising-tendencies", [35]),
    ("solution-focused-therapy", "usesRelationship", "relationship/family", [43]),
    ("peer-support-workers", "hasExpertiseLocus", "expertise/peers", [26, 27, 29, 30, 31]),
    ("therapeutic-communities", "hasReciprocity", "reciprocity/reciprocal", [39, 40, 41, 42]),
    ("befriending", "hasKeyText", "reference/10", [10]),
])
def test_cited_references_match_the_text(store, model, prop, target, numbers):
    assert cited(store, model, prop, BASE + target) == numbers


def test_key_texts_of_each_model(store):
    found = {}
    for r in rows(store, "SELECT ?m ?n WHERE { ?m roto:hasKeyText ?r . ?r roto:referenceNumber ?n }"):
        found.setdefault(local(r["m"]), set()).add(int(r["n"]))
    assert found == {
        "befriending": set(range(9, 13)), "client-centred-therapy": set(range(13, 18)),
        "creative-music-therapy": set(range(18, 23)), "open-dialogue": {23, 24, 25},
        "peer-support-workers": {26, 27}, "positive-psychotherapy": {28}, "self-help-groups": {29, 30, 31},
        "solution-focused-therapy": {32, 33, 34}, "systemic-family-therapy": set(range(35, 39)),
        "therapeutic-communities": set(range(39, 43)),
    }


def test_blank_cell_locators_are_the_tables(store):
    locators = rows(store, """SELECT DISTINCT ?p ?loc WHERE { ?n a owl:NegativePropertyAssertion ;
        owl:assertionProperty ?p ; roto:locator ?loc }""")
    assert {(local(r["p"]), local(r["loc"])) for r in locators} == {("usesResource", "table-1"), ("usesRelationship", "table-2")}
