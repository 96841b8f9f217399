"""The graph says what the review says: provenance, references, dimensions, citations."""

import pytest

from roto.namespaces import BASE, REVIEW_IRI

PREFIX = f"PREFIX roto: <{BASE}> PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

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
    hedges = rows(store, """SELECT ?m ?p ?q WHERE { ?ax owl:annotatedSource ?m ; owl:annotatedProperty ?p ; roto:qualifier ?q }""")
    found = {(local(r["m"]), local(r["p"]), local(r["q"])) for r in hedges}
    assert ("peer-support-workers", "hasReciprocity", "leans-reciprocal") in found
    assert ("systemic-family-therapy", "hasExpertiseLocus", "arguable") in found


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
