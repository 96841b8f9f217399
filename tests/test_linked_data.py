"""Linked-data clients against `roto serve`: every ROTO IRI the release uses resolves (a
link check), rdflib reads each RDF syntax offered by IRI, SPARQLWrapper reads each result
format, a page on another origin queries the endpoint and fetches an IRI in Chromium (CORS),
and the answers carry ETag, Last-Modified and FAIR Signposting links."""

from __future__ import annotations

import contextlib
import http.server
import threading
from datetime import datetime
from email.utils import formatdate
from functools import partial

import pyoxigraph as ox
import pytest

from conftest import ROOT
from http_helpers import fetch, running

pytestmark = pytest.mark.server

BASE = "https://w3id.org/roto/"
XSD = "http://www.w3.org/2001/XMLSchema#"
NANOPUB = "statement/befriending/key-text/10/"  # a nanopublication's IRI ends in / (release.nanopublication_iri)
NEGATION = "statement/befriending/relationship/family/negation"  # a negative assertion's node (release.negation_iri)
SAMPLES = ["model/befriending", "graph/assertions", "graph/inferred", NANOPUB, f"{NANOPUB}assertion",
           f"{NANOPUB}provenance", f"{NANOPUB}pubinfo", f"{NANOPUB}Head", "statement/befriending/reciprocity/hedge/1",
           NEGATION, "void"]


@pytest.fixture(scope="module")
def served():
    """The application, and the loopback port it is served on."""
    from roto.web.app import Limits, RotoApp

    app = RotoApp(limits=Limits(workers=1))
    with running(app) as p:
        yield app, p


@pytest.fixture(scope="module")
def port(served):
    return served[1]


def answer(app, path: str, accept: str | None = None) -> tuple[int, dict[str, str]]:
    """The WSGI application's status and headers for `GET path`, as the server hands them on
    (the server's own work does not depend on the path: the tests over HTTP cover it)."""
    from wsgiref.util import setup_testing_defaults

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, **({"HTTP_ACCEPT": accept} if accept else {})}
    setup_testing_defaults(environ)
    started = {}
    b"".join(app(environ, lambda status, headers: started.update(status=int(status.split()[0]), headers=dict(headers))))
    return started["status"], started["headers"]


def roto_iris() -> set[str]:
    """Every IRI in ROTO's namespace that the release files use, in any position."""
    from roto.namespaces import RELEASE_FILES
    from roto.store import INFERRED_FILE

    iris = set()
    for name in [*(n for n in RELEASE_FILES if n.endswith((".nq", ".trig"))), INFERRED_FILE]:
        fmt = ox.RdfFormat.TRIG if name.endswith(".trig") else ox.RdfFormat.N_QUADS
        for quad in ox.parse(path=ROOT / "release" / name, format=fmt):
            iris |= {t.value for t in (quad.subject, quad.predicate, quad.object, quad.graph_name)
                     if isinstance(t, ox.NamedNode) and t.value.startswith(BASE[:-1])}
    return iris


def path_of(iri: str) -> str:
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else "/"


def test_every_roto_iri_in_the_release_resolves(served):
    """The link check: each IRI's path answers 303 to a document that answers 200, as HTML and
    as Turtle. Asked of the served application itself: four thousand loopback connections
    cost four times the CPU of the answers, and tell nothing more about the paths."""
    app, iris = served[0], roto_iris()
    assert len(iris) > 900  # entities, graphs, 152 nanopublications with 4 graphs each, hedges
    broken = []
    for iri in sorted(iris):
        for accept in ("text/html", "text/turtle"):
            status, headers = answer(app, path_of(iri), accept)
            document = answer(app, headers.get("Location", "/none")) if status == 303 else (status, headers)
            media_type = document[1].get("Content-Type", "").split(";")[0].strip()
            if status != 303 or document[0] != 200 or media_type != accept:
                broken.append((iri, accept, status, document[0]))
    assert broken == []


@pytest.mark.parametrize("path", SAMPLES)
@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "xml", "nt", None])
def test_rdflib_reads_each_syntax_by_iri(port, path, fmt):
    """rdflib's own Accept headers (text/plain for N-Triples; a long list without a format)."""
    import rdflib

    graph = rdflib.Graph().parse(f"http://127.0.0.1:{port}/{path}", format=fmt)
    subject = rdflib.URIRef(BASE + path)
    assert len(graph) > 0
    if path.startswith("graph/") or path.endswith(("/assertion", "/provenance", "/pubinfo", "/Head")):
        # a graph IRI: its triples (compared where no blank node is involved)
        ground = {(str(s), str(p), _value(str(o), str(o.datatype) if isinstance(o, rdflib.Literal) and o.datatype else None))
                  for s, p, o in graph if not any(isinstance(t, rdflib.BNode) for t in (s, o))}
        assert ground == _ground_triples(path)
    else:
        assert (subject, None, None) in graph


def _ground_triples(path: str) -> set:
    """The triples of the named graph `path` in the release files, without blank nodes, as strings."""
    name = "roto-inferred.nq" if path == "graph/inferred" else "roto.nq" if path.startswith("graph/") else "roto.trig"
    fmt = ox.RdfFormat.N_QUADS if name.endswith(".nq") else ox.RdfFormat.TRIG
    return {(q.subject.value, q.predicate.value,
             _value(q.object.value, q.object.datatype.value if isinstance(q.object, ox.Literal) else None))
            for q in ox.parse(path=ROOT / "release" / name, format=fmt)
            if q.graph_name == ox.NamedNode(BASE + path) and not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


def _value(text: str, datatype: str | None) -> str:
    """A literal's text, a date-time's by its value: the release writes a UTC time with +00:00
    as rdflib does, pyoxigraph (serving) with Z, and rdflib reads either as written once
    pySHACL or nanopub-py has turned its literal normalisation off in the process."""
    return datetime.fromisoformat(text).isoformat() if datatype == XSD + "dateTime" else text


@pytest.mark.parametrize("fmt, path", [("trig", NANOPUB), ("nquads", NANOPUB + "index.nq")])
def test_rdflib_reads_a_nanopublication_whole(port, fmt, path):
    """TriG by the IRI; N-Quads by its document (for nquads rdflib sends every type it reads, unweighted)."""
    import rdflib

    dataset = rdflib.Dataset().parse(f"http://127.0.0.1:{port}/{path}", format=fmt)
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == {BASE + NANOPUB + part for part in ("assertion", "provenance", "pubinfo", "Head")}


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_reads_each_result_format(port, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"http://127.0.0.1:{port}/sparql")
    client.setQuery("PREFIX roto: <https://w3id.org/roto/> SELECT ?m WHERE { ?m a roto:ReciprocalModel } ORDER BY ?m")
    client.setReturnFormat(fmt)
    result = client.query().convert()
    text = result.decode() if isinstance(result, bytes) else result.toxml() if hasattr(result, "toxml") else str(result)
    assert BASE + "model/self-help-groups" in text, "the inferred graph answers"


@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld", "n3"])
def test_sparqlwrapper_reads_construct_in_each_syntax(port, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"http://127.0.0.1:{port}/sparql")
    client.setQuery("CONSTRUCT { <https://w3id.org/roto/model/befriending> ?p ?o } "
                    "WHERE { <https://w3id.org/roto/model/befriending> ?p ?o }")
    client.setReturnFormat(fmt)
    result = client.query().convert()
    import rdflib

    graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(data=result, format=fmt)
    assert (rdflib.URIRef(BASE + "model/befriending"), None, None) in graph


def test_a_machine_gets_machine_formats(port):
    """SPARQL 1.1 Protocol: `*/*` gets a machine format for CONSTRUCT and the service description too."""
    construct = fetch(port, "GET", "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "*/*"})
    assert construct.status == 200 and construct.media_type == "text/turtle"
    assert fetch(port, "GET", "/sparql", headers={"Accept": "*/*"}).media_type == "text/turtle"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert fetch(port, "GET", "/sparql", headers={"Accept": browser}).media_type == "text/html"
    assert fetch(port, "GET", "/sparql", headers={"Accept": "image/png"}).status == 406
    assert fetch(port, "GET", "/model/befriending", headers={"Accept": "text/plain"}).headers["Location"] == "/model/befriending.nt"


def test_the_inferred_graph_is_its_own_graph_in_the_endpoint_and_void(port):
    ask = ("PREFIX roto: <https://w3id.org/roto/> ASK { GRAPH <https://w3id.org/roto/graph/inferred> "
           "{ <https://w3id.org/roto/model/self-help-groups> a roto:ReciprocalModel } }")
    assert b"true" in fetch(port, "GET", "/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+json"}).body
    stated = ask.replace("graph/inferred", "graph/assertions")
    assert b"false" in fetch(port, "GET", "/sparql", params={"query": stated}, headers={"Accept": "application/sparql-results+json"}).body
    void = {q.triple for q in ox.parse(fetch(port, "GET", "/void.nt").body, format=ox.RdfFormat.N_TRIPLES)}
    inferred = ox.NamedNode(BASE + "graph/inferred")
    assert ox.Triple(ox.NamedNode(BASE + "void"), ox.NamedNode("http://rdfs.org/ns/void#subset"), inferred) in void
    assert ox.Triple(inferred, ox.NamedNode("http://rdfs.org/ns/void#dataDump"), ox.NamedNode(BASE + "roto-inferred.nq")) in void
    assert fetch(port, "GET", "/roto-inferred.nq").status == 200


def test_conditional_requests(port):
    first = fetch(port, "GET", "/model/befriending.ttl")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = fetch(port, "GET", "/model/befriending.ttl", headers={"If-None-Match": etag})
    assert (again.status, again.body, again.headers["ETag"]) == (304, b"", etag)
    assert fetch(port, "GET", "/model/befriending.ttl", headers={"If-Modified-Since": modified}).status == 304
    assert fetch(port, "GET", "/model/befriending.ttl", headers={"If-None-Match": '"other"'}).status == 200
    assert fetch(port, "GET", "/model/befriending.ttl", headers={"If-Modified-Since": formatdate(0, usegmt=True)}).status == 200
    other = fetch(port, "GET", "/model/open-dialogue.ttl")
    assert other.headers["ETag"] != etag


def test_cors_and_the_preflight(port):
    preflight = fetch(port, "OPTIONS", "/sparql", headers={"Origin": "http://elsewhere.example",
                                                            "Access-Control-Request-Method": "POST",
                                                            "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    for path in ("/model/befriending", "/model/befriending.ttl", "/sparql", "/nothing-here"):
        assert fetch(port, "GET", path).headers["Access-Control-Allow-Origin"] == "*"
    assert fetch(port, "DELETE", "/sparql").status == 405


def test_cors_origin_is_configurable():
    from roto.web.app import Limits, RotoApp

    with running(RotoApp(limits=Limits(workers=1), cors_origin="https://yasgui.example")) as one:
        reply = fetch(one, "GET", "/model/befriending.ttl")
        assert reply.headers["Access-Control-Allow-Origin"] == "https://yasgui.example" and "Origin" in reply.headers["Vary"]
    with running(RotoApp(limits=Limits(workers=1), cors_origin=None)) as none:
        assert "Access-Control-Allow-Origin" not in fetch(none, "GET", "/model/befriending.ttl").headers


@pytest.mark.parametrize("value", ["https://a.example/path", "javascript:alert(1)", "*, https://a.example", "https://a.example\n"])
def test_a_bad_cors_origin_is_refused(value):
    from conftest import assert_refused, run_roto

    assert_refused(run_roto("serve", "--port", "0", "--cors-origin", value), "--cors-origin")


def _links(header: str) -> list[tuple[str, str]]:
    return [(part.split(">")[0].strip().lstrip("<"), part.split('rel="')[1].split('"')[0]) for part in header.split(", <")]


def test_signposting(port):
    home = _links(fetch(port, "GET", "/index.html").headers["Link"])
    rels = {rel for _, rel in home}
    assert {"cite-as", "describedby", "license", "type", "item"} <= rels
    assert ("https://w3id.org/roto", "cite-as") in home and ("https://schema.org/Dataset", "type") in home
    for target, rel in home:
        if rel in ("describedby", "item"):
            assert fetch(port, "GET", "/" + target.split("/", 3)[3]).status == 200, target
    for name, document in (("model/befriending", "model/befriending.html"), ("graph/inferred", "graph/inferred.ttl"),
                           (NANOPUB, f"{NANOPUB}index.trig"), (NEGATION, f"{NEGATION}.ttl")):
        links = _links(fetch(port, "GET", "/" + document).headers["Link"])
        assert (BASE + name, "cite-as") in links
        assert ("https://creativecommons.org/licenses/by/4.0/", "license") in links
        assert sum(rel == "describedby" for _, rel in links) == 4


@pytest.mark.parametrize("accept, suffix", [("text/turtle", "ttl"), ("application/ld+json", "jsonld"), (None, "html")])
def test_the_version_iri_serves_its_own_files(port, accept, suffix):
    from roto.namespaces import VERSION

    reply = fetch(port, "GET", f"/{VERSION}", headers={"Accept": accept} if accept else {})
    assert reply.status == 303 and reply.headers["Location"].startswith(f"/{VERSION}/")
    document = fetch(port, "GET", reply.headers["Location"])
    assert document.status == 200
    if suffix != "html":
        assert document.body == (ROOT / "release" / reply.headers["Location"].rsplit("/", 1)[1]).read_bytes()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        """Nothing on stderr."""


@contextlib.contextmanager
def another_origin(tmp_path):
    """A Chromium page loaded from a second origin (a plain file server on another port)."""
    from chromium import Browser

    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "app.html").write_text("<!DOCTYPE html><title>another origin</title>")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = Browser(tmp_path / "profile")
    try:
        page = browser.page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/app.html")
        yield page
    finally:
        browser.close()
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_a_page_on_another_origin_queries_and_fetches_in_chromium(port, tmp_path):
    """YASGUI's case: a page served from a second origin (another port) POSTs a query (a
    preflighted request) and fetches an IRI as Turtle (through its 303), in a real browser."""
    with another_origin(tmp_path) as page:
        endpoint = f"http://127.0.0.1:{port}"
        answer = page.evaluate(f"""fetch("{endpoint}/sparql", {{method: "POST",
            headers: {{"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}},
            body: "SELECT ?m WHERE {{ ?m a <https://w3id.org/roto/ReciprocalModel> }}"}})
            .then(r => r.json()).then(j => j.results.bindings.map(b => b.m.value))""")
        assert BASE + "model/self-help-groups" in answer
        turtle = page.evaluate(f"""fetch("{endpoint}/model/befriending", {{headers: {{"Accept": "text/turtle"}}}})
            .then(r => r.headers.get("content-type") + "\\n" + r.headers.get("link") + "\\n" + r.text())""")
        assert turtle.startswith("text/turtle") and "cite-as" in turtle


@pytest.mark.browser
def test_without_cors_the_browser_refuses(tmp_path):
    """The control: the same fetch from another origin fails when CORS is off."""
    from roto.web.app import Limits, RotoApp

    with running(RotoApp(limits=Limits(workers=1), cors_origin=None)) as closed, another_origin(tmp_path) as page:
        outcome = page.evaluate(f"""fetch("http://127.0.0.1:{closed}/model/befriending.ttl")
            .then(r => "read", e => "refused: " + e.name)""")
        assert outcome == "refused: TypeError"


def test_a_stale_inferred_graph_is_left_out_with_a_warning(monkeypatch, capsys):
    import roto.store
    from roto.errors import RotoError
    from roto.web.published import served_dataset

    def stale():
        raise RotoError("release/roto-inferred.nq is stale (the graph was rebuilt since): run `roto reason --save`")

    monkeypatch.setattr(roto.store, "inferred_dataset", stale)
    dataset = served_dataset()
    assert BASE + "graph/inferred" not in {g.value for g in dataset.named_graphs()} and len(dataset) > 4000
    assert capsys.readouterr().err.startswith("roto: warning: the inferred graph is not published: release/roto-inferred.nq is stale")


SLASHED = """@prefix np: <http://www.nanopub.org/nschema#> .
@prefix s: <https://w3id.org/roto/statement/demo/> .
s:Head { <https://w3id.org/roto/statement/demo/> a np:Nanopublication ; np:hasAssertion s:assertion ;
         np:hasProvenance s:provenance ; np:hasPublicationInfo s:pubinfo . }
s:assertion { <https://w3id.org/roto/model/befriending> <http://www.w3.org/2000/01/rdf-schema#comment> "a demonstration" . }
s:provenance { s:assertion <http://www.w3.org/ns/prov#wasDerivedFrom> <https://doi.org/10.1192/bjp.bp.113.135038> . }
s:pubinfo { <https://w3id.org/roto/statement/demo/> <http://purl.org/dc/terms/created> "2026-12-01" . }
"""


def test_an_iri_ending_in_a_slash_resolves_to_its_folders_index():
    """Nanopublication IRIs as nanopub tools want them (ending in /): documents at …/index.*"""
    from roto.web.app import Limits, RotoApp
    from roto.web.published import Published

    nanopubs = ox.Store()
    nanopubs.load(input=SLASHED.encode(), format=ox.RdfFormat.TRIG)
    app = RotoApp(limits=Limits(workers=1))
    app.published = Published(app.catalogue, app.dataset, nanopubs)
    with running(app) as port:
        whole = fetch(port, "GET", "/statement/demo/", headers={"Accept": "application/trig"})
        assert (whole.status, whole.headers["Location"]) == (303, "/statement/demo/index.trig")
        document = fetch(port, "GET", "/statement/demo/index.trig")
        assert document.status == 200 and len({q.graph_name for q in ox.parse(document.body, format=ox.RdfFormat.TRIG)}) == 4
        assert '<https://w3id.org/roto/statement/demo/>; rel="cite-as"' in document.headers["Link"]
        assert "/statement/demo/index.ttl>" in document.headers["Link"]
        page = fetch(port, "GET", fetch(port, "GET", "/statement/demo/").headers["Location"])
        assert page.status == 200 and 'href="assertion.html"' in page.text and 'href="index.ttl"' in page.text
        graph = fetch(port, "GET", "/statement/demo/assertion", headers={"Accept": "text/turtle"})
        assert graph.headers["Location"] == "/statement/demo/assertion.ttl"
        assert b"a demonstration" in fetch(port, "GET", "/statement/demo/assertion.ttl").body
