"""Every ROTO IRI dereferences: 303 to the negotiated document, which answers 200 in the
right syntax and describes the IRI. Pages show what the graph says, in the review's terms."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest

from http_helpers import fetch, running

pytestmark = pytest.mark.server

BASE = "https://w3id.org/roto/"
SAMPLES = ["model/open-dialogue", "resource/decision-making", "relationship/peers", "reference/24",
           "expertise/peers", "part/table-1", "TherapeuticModel", "usesResource", "void"]
RDF = {"text/turtle": ("ttl", ox.RdfFormat.TURTLE), "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
       "application/rdf+xml": ("rdf", ox.RdfFormat.RDF_XML), "application/n-triples": ("nt", ox.RdfFormat.N_TRIPLES)}
ACCEPTS = [  # (Accept header, suffix the server must choose)
    ("text/html", "html"), ("application/xhtml+xml", "html"), ("*/*", "html"), (None, "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),  # a browser
    ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/rdf+xml", "rdf"),
    ("application/n-triples", "nt"), ("text/turtle;q=0.5, application/ld+json", "jsonld"),
    ("application/rdf+xml, text/html;q=0.3", "rdf"), ("text/*", "html"), ("application/*", "jsonld"),
]


@pytest.fixture(scope="module")
def port():
    from roto.web.app import RotoApp

    with running(RotoApp()) as p:
        yield p


@pytest.mark.parametrize("accept, suffix", ACCEPTS)
@pytest.mark.parametrize("path", SAMPLES)
def test_iri_redirects_to_the_negotiated_document(port, path, accept, suffix):
    reply = fetch(port, "GET", "/" + path, headers={"Accept": accept} if accept else {})
    assert reply.status == 303
    assert reply.headers["Location"] == f"/{path}.{suffix}"
    assert reply.headers["Vary"] == "Accept"


@pytest.mark.parametrize("path", SAMPLES)
@pytest.mark.parametrize("media_type", RDF)
def test_rdf_documents_describe_the_iri(port, path, media_type):
    suffix, fmt = RDF[media_type]
    reply = fetch(port, "GET", f"/{path}.{suffix}")
    assert reply.status == 200
    assert reply.media_type == media_type
    triples = [q.triple for q in ox.parse(reply.body, format=fmt)]
    assert any(t.subject == ox.NamedNode(BASE + path) for t in triples)


@pytest.mark.parametrize("path", SAMPLES)
def test_html_documents(port, path):
    reply = fetch(port, "GET", f"/{path}.html")
    assert reply.status == 200 and reply.media_type == "text/html"
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert (BASE + path) in reply.text


def test_model_description_carries_its_provenance(port, store):
    reply = fetch(port, "GET", "/model/open-dialogue.nt")
    triples = {q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)}
    owl = "http://www.w3.org/2002/07/owl#"
    axioms = [t.subject for t in triples if t.predicate.value == owl + "annotatedSource" and t.object.value == BASE + "model/open-dialogue"]
    negatives = [t.subject for t in triples if t.predicate.value == owl + "sourceIndividual"]
    expected = store.query(f"""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
        {{ ?a <{owl}annotatedSource> <{BASE}model/open-dialogue> }} UNION {{ ?a <{owl}sourceIndividual> <{BASE}model/open-dialogue> }} }}""",
                           use_default_graph_as_union=True)
    assert len(set(axioms) | set(negatives)) == int(next(iter(expected))["n"].value)
    cites = {t.object.value for t in triples if t.predicate.value == BASE + "citesReference"}
    assert {BASE + "reference/24", BASE + "reference/25"} <= cites


@pytest.mark.parametrize("accept, target", [("text/html", "/index.html"), ("text/turtle", "/roto.ttl"),
                                            ("application/rdf+xml", "/roto.owl"), ("application/ld+json", "/roto.jsonld"),
                                            ("application/n-triples", "/roto.nt")])
@pytest.mark.parametrize("path, folder", [("/", ""), ("/1.0.0", "/1.0.0"), ("/1.0.0/", "/1.0.0")])
def test_ontology_iri_negotiates_the_release(port, path, folder, accept, target):
    """The ontology IRI gets the current release; the version IRI its own folder's copy."""
    target = folder + target
    reply = fetch(port, "GET", path, headers={"Accept": accept})
    assert (reply.status, reply.headers["Location"], reply.headers["Vary"]) == (303, target, "Accept")
    document = fetch(port, "GET", target)
    assert document.status == 200 and document.media_type == accept


def test_unacceptable_and_unknown(port):
    assert fetch(port, "GET", "/model/befriending", headers={"Accept": "image/png"}).status == 406
    assert fetch(port, "GET", "/model/no-such-model").status == 404
    assert fetch(port, "GET", "/model/befriending.exe").status == 404
    refused = fetch(port, "PUT", "/model/befriending.ttl", body="<a:a> <a:b> <a:c> .")
    assert refused.status == 405 and refused.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_head_has_headers_and_no_body(port):
    reply = fetch(port, "HEAD", "/model/befriending.ttl")
    assert reply.status == 200 and reply.body == b"" and int(reply.headers["Content-Length"]) > 0


class _Rows(HTMLParser):
    """Table rows of an HTML page as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_rows(port, path):
    parser = _Rows()
    parser.feed(fetch(port, "GET", path).text)
    return parser.rows


@pytest.mark.parametrize("table", ["resources", "relationships"])
def test_model_pages_agree_with_the_review_tables(port, store, table):
    """Each model page's row for each column says what the table query says, in the review's words."""
    from roto.tables import review_table

    t = review_table(table, store)
    models = {r["l"].value: r["m"].value for r in store.query(
        "SELECT ?m ?l WHERE { ?m a <https://w3id.org/roto/TherapeuticModel> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
        use_default_graph_as_union=True)}
    assert len(t.rows) == len(models) == 10
    for label, cells in t.rows:
        rows = {r[0]: r[1] for r in page_rows(port, "/" + models[label][len(BASE):] + ".html") if len(r) == 3}
        for column, cell in zip(t.columns, cells, strict=True):
            expected = "explicitly utilised" if cell == "Yes" else "not explicitly utilised according to the review"
            assert rows[column] == expected, (label, column)


def test_unstated_expertise_is_shown_as_not_stated(port, store):
    unstated = {r["m"].value for r in store.query(
        "SELECT ?m WHERE { ?m a <https://w3id.org/roto/TherapeuticModel> FILTER NOT EXISTS { ?m <https://w3id.org/roto/hasExpertiseLocus> ?e } }",
        use_default_graph_as_union=True)}
    assert unstated == {BASE + "model/befriending", BASE + "model/creative-music-therapy"}
    for model in [BASE + "model/befriending", BASE + "model/open-dialogue"]:
        rows = {r[0]: r[1] for r in page_rows(port, "/" + model[len(BASE):] + ".html") if len(r) == 3}
        assert (rows["Expertise"] == "not stated") == (model in unstated)


def test_reference_page_lists_the_statements_it_supports(port, store):
    supported = {r["id"].value for r in store.query(
        "SELECT ?id WHERE { ?a <https://w3id.org/roto/citesReference> <https://w3id.org/roto/reference/24> ; <https://w3id.org/roto/statementId> ?id }",
        use_default_graph_as_union=True)}
    rows = page_rows(port, "/reference/24.html")
    assert {r[0] for r in rows[1:]} == supported and "open-dialogue/resource/decision-making" in supported


def test_ontology_page_documents_every_class_and_property(port, store):
    text = fetch(port, "GET", "/ontology.html").text
    terms = store.query("""SELECT ?t ?definition WHERE { GRAPH <https://w3id.org/roto/graph/ontology> {
        VALUES ?k { <http://www.w3.org/2002/07/owl#Class> <http://www.w3.org/2002/07/owl#ObjectProperty>
                    <http://www.w3.org/2002/07/owl#DatatypeProperty> <http://www.w3.org/2002/07/owl#AnnotationProperty> }
        ?t a ?k . OPTIONAL { ?t <http://www.w3.org/2004/02/skos/core#definition> ?definition }
        FILTER STRSTARTS(STR(?t), "https://w3id.org/roto/") } }""")
    found = 0
    for row in terms:
        section = re.search(rf'<section id="{re.escape(row["t"].value[len(BASE):])}">(.*?)</section>', text, re.S)
        assert section, row["t"].value
        if row["definition"] is not None:
            assert row["definition"].value.replace("'", "&#39;") in section.group(1)
            found += 1
    assert found > 20
    assert "Domain:" in text and "Range:" in text


def test_void_description(port):
    """The VoID counts what the endpoint serves: the review's graphs and the inferred graph."""
    from roto.store import open_store

    store = open_store(inferred=True)
    reply = fetch(port, "GET", "/void.ttl")
    triples = [q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.TURTLE)]
    void = "http://rdfs.org/ns/void#"
    count = [t.object.value for t in triples if t.predicate.value == void + "triples" and t.subject.value == BASE + "void"]
    assert count == [str(len({q.triple for q in store}))]
    assert any(t.predicate.value == void + "sparqlEndpoint" for t in triples)


def test_descriptions_are_closed_over_blank_nodes(store):
    """A class expression, list or axiom an IRI's description points to comes with its own triples."""
    from roto.web.catalogue import Catalogue

    catalogue = Catalogue(store)
    checked = 0
    for iri in catalogue.served_iris():
        triples = catalogue.describe(iri)
        subjects = {t.subject for t in triples}
        dangling = {t.object for t in triples if isinstance(t.object, ox.BlankNode)} - subjects
        assert not dangling, iri
        checked += sum(isinstance(t.object, ox.BlankNode) for t in triples)
    assert checked > 0
