"""`roto serve` over real HTTP: the SPARQL 1.1 Protocol cases that apply to a read-only
endpoint (after the W3C protocol tests), content negotiation, and every refusal."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from http_helpers import fetch, running

pytestmark = pytest.mark.server

SELECT = ("PREFIX roto: <https://w3id.org/roto/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?model ?label WHERE { ?model a roto:TherapeuticModel ; rdfs:label ?label } ORDER BY ?model")
ASK = "ASK { <https://w3id.org/roto/model/open-dialogue> <https://w3id.org/roto/usesResource> <https://w3id.org/roto/resource/decision-making> }"
CONSTRUCT = "CONSTRUCT { ?m a <https://w3id.org/roto/TherapeuticModel> } WHERE { ?m a <https://w3id.org/roto/TherapeuticModel> }"
DESCRIBE = "DESCRIBE <https://w3id.org/roto/model/befriending>"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
GRAPH = "https://w3id.org/roto/graph/"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def port():
    from roto.web.app import RotoApp

    with running(RotoApp()) as p:
        yield p


@pytest.fixture(scope="module")
def strict_port():
    """A server with tight limits, to see each cap refuse."""
    from roto.web.app import Limits, RotoApp

    with running(RotoApp(limits=Limits(timeout=1.0, max_rows=5, max_request=2000, workers=1))) as p:
        yield p


def local_rows(store, query: str) -> list[dict]:
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def parsed_rows(reply, fmt) -> list[dict]:
    """Rows of a results document, read by pyoxigraph's parser (not ROTO's writer)."""
    solutions = ox.parse_query_results(reply.body, format=fmt)
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


# -- the protocol: query operation ---------------------------------------------------------
@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_query_by_each_method_returns_the_local_answer(port, store, how):
    if how == "get":
        reply = fetch(port, "GET", "/sparql", params={"query": SELECT}, headers={"Accept": JSON})
    elif how == "post-form":
        reply = fetch(port, "POST", "/sparql", urlencode({"query": SELECT}), {**FORM, "Accept": JSON})
    else:
        reply = fetch(port, "POST", "/sparql", SELECT, {**DIRECT, "Accept": JSON})
    assert reply.status == 200, reply.text
    assert reply.media_type == JSON
    assert "Accept" in reply.headers["Vary"]
    rows = parsed_rows(reply, ox.QueryResultsFormat.JSON)
    assert rows == local_rows(store, SELECT) and len(rows) == 10


@pytest.mark.parametrize("accept, fmt", [
    (JSON, ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("application/json", ox.QueryResultsFormat.JSON),
    ("text/csv;q=0.2, application/sparql-results+xml", ox.QueryResultsFormat.XML),
])
def test_select_results_in_each_format(port, store, accept, fmt):
    reply = fetch(port, "GET", "/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert reply.status == 200
    assert reply.media_type == ("application/sparql-results+json" if accept == "application/json" else fmt.media_type.split(";")[0])
    assert parsed_rows(reply, fmt) == local_rows(store, SELECT)


def test_select_results_as_csv(port, store):
    reply = fetch(port, "GET", "/sparql", params={"query": SELECT}, headers={"Accept": "text/csv"})
    assert reply.status == 200 and reply.media_type == "text/csv"
    rows = list(csv.reader(io.StringIO(reply.text)))
    expected = [[r["model"].value, r["label"].value] for r in local_rows(store, SELECT)]
    assert rows == [["model", "label"], *expected]


def test_unbound_variables_are_left_out(port):
    query = "SELECT ?x ?y WHERE { VALUES ?x { 1 } }"
    reply = fetch(port, "GET", "/sparql", params={"query": query}, headers={"Accept": JSON})
    document = json.loads(reply.body)
    assert document["head"]["vars"] == ["x", "y"]
    assert document["results"]["bindings"] == [{"x": {"type": "literal", "value": "1",
                                                      "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]


TERMS = ('SELECT ?iri ?lang ?typed ?plain ?unbound WHERE { VALUES (?iri ?lang ?typed ?plain ?unbound) '
         '{ (<https://w3id.org/roto/model/befriending> "ami"@fr 2.5 "a \\"quoted\\" <b> & c" UNDEF) } }')


@pytest.mark.parametrize("fmt, accept", [("json", JSON), ("xml", "application/sparql-results+xml"), ("csv", "text/csv")])
def test_endpoint_and_cli_write_each_term_alike(port, fmt, accept):
    """The endpoint and `roto sparql --format` share the term writers: same terms, any kind."""
    from conftest import run_roto

    reply = fetch(port, "POST", "/sparql", TERMS, {**DIRECT, "Accept": accept})
    cli = run_roto("sparql", TERMS, "--format", fmt)
    assert reply.status == 200 and cli.returncode == 0, (reply.text, cli.stderr)
    if fmt == "json":
        assert json.loads(reply.body)["results"] == json.loads(cli.stdout)["results"]
        assert json.loads(cli.stdout)["results"]["bindings"][0]["lang"] == {"type": "literal", "value": "ami", "xml:lang": "fr"}
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(cli.stdout)))
        assert list(csv.reader(io.StringIO(reply.text))) == rows
        assert rows[1] == ["https://w3id.org/roto/model/befriending", "ami", "2.5", 'a "quoted" <b> & c', ""]
    else:
        results = ox.QueryResultsFormat.XML
        solutions = ox.parse_query_results(cli.stdout.encode(), format=results)
        names = [v.value for v in solutions.variables]
        ours = [{n: s[n] for n in names} for s in solutions]
        assert parsed_rows(reply, results) == ours and len(ours) == 1


@pytest.mark.parametrize("accept, expected", [(JSON, "true"), ("application/sparql-results+xml", "true")])
def test_ask(port, accept, expected):
    reply = fetch(port, "POST", "/sparql", ASK, {**DIRECT, "Accept": accept})
    assert reply.status == 200 and reply.media_type == accept
    if accept == JSON:
        assert json.loads(reply.body)["boolean"] is True
    else:
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert ET.fromstring(reply.body).find(f"{ns}boolean").text == expected


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
])
def test_graph_results_in_each_syntax(port, query, accept, fmt):
    from roto.store import open_store

    store = open_store(inferred=True)  # what the endpoint serves
    reply = fetch(port, "GET", "/sparql", params={"query": query}, headers={"Accept": accept})
    assert reply.status == 200 and reply.media_type == accept
    remote = {quad.triple for quad in ox.parse(reply.body, format=fmt)}
    local = set(store.query(query, use_default_graph_as_union=True))
    assert len(remote) == len(local) > 0
    if query == CONSTRUCT:  # no blank nodes: the sets compare directly
        assert remote == local


def test_dataset_from_protocol_parameters(port, store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    ontology_only = fetch(port, "GET", "/sparql", params=[("query", count), ("default-graph-uri", GRAPH + "ontology")],
                          headers={"Accept": JSON})
    expected = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + "ontology"))))
    assert int(parsed_rows(ontology_only, ox.QueryResultsFormat.JSON)[0]["n"].value) == expected
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    two = fetch(port, "POST", "/sparql?" + urlencode([("named-graph-uri", GRAPH + "ontology"), ("named-graph-uri", GRAPH + "references")]),
                named, {**DIRECT, "Accept": JSON})
    assert {r["g"].value for r in parsed_rows(two, ox.QueryResultsFormat.JSON)} == {GRAPH + "ontology", GRAPH + "references"}


def test_from_clause_selects_a_local_graph(port, store):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}references> WHERE {{ ?s ?p ?o }}"
    reply = fetch(port, "GET", "/sparql", params={"query": query}, headers={"Accept": JSON})
    expected = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + "references"))))
    assert int(parsed_rows(reply, ox.QueryResultsFormat.JSON)[0]["n"].value) == expected


def test_service_description_at_the_endpoint(port):
    reply = fetch(port, "GET", "/sparql", headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.media_type == "text/turtle"
    graph = list(ox.parse(reply.body, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = [t.object.value for t in graph if t.predicate.value == sd + "endpoint"]
    assert endpoints == [f"http://127.0.0.1:{port}/sparql"]
    names = {t.object.value for t in graph if t.predicate.value == sd + "name"}
    assert names == {GRAPH + g for g in ("ontology", "assertions", "provenance", "references", "mappings", "inferred")}


def test_every_download_the_home_page_offers_is_served(port):
    """Regression: roto.owx was listed for download but answered 404."""
    import re

    page = fetch(port, "GET", "/index.html").body.decode("utf-8")
    offered = re.findall(r'href="([\w.]+\.(?:ttl|owl|owx|jsonld|nt|nq|trig))"', page)
    assert "roto.owx" in offered
    for name in offered:
        reply = fetch(port, "GET", "/" + name)
        assert reply.status == 200 and reply.body, name


def test_query_form_for_browsers(port):
    reply = fetch(port, "GET", "/sparql", headers={"Accept": "text/html"})
    assert reply.status == 200 and reply.media_type == "text/html"
    assert "<form" in reply.text and 'name="query"' in reply.text
    results = fetch(port, "GET", "/sparql", params={"query": SELECT}, headers={"Accept": "text/html"})
    assert results.status == 200 and "Open dialogue" in results.text and "10 rows" in results.text


def test_a_browser_sees_a_bad_query_on_the_form(port):
    reply = fetch(port, "GET", "/sparql", params={"query": "SELECT * WHERE { ?s"}, headers={"Accept": "text/html"})
    assert reply.status == 400 and reply.media_type == "text/html"
    assert 'role="alert">query syntax error' in reply.text and "SELECT * WHERE { ?s</textarea>" in reply.text


# -- the protocol: requests a query service must reject ------------------------------------------
@pytest.mark.parametrize("case, method, path, body, headers, status", [
    ("bad query syntax", "GET", "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p"}), None, {}, 400),
    ("not a query", "GET", "/sparql?" + urlencode({"query": "hello"}), None, {}, 400),
    ("two query parameters", "GET", "/sparql?" + urlencode([("query", ASK), ("query", ASK)]), None, {}, 400),
    ("query in URL and form body", "POST", "/sparql?" + urlencode({"query": ASK}), urlencode({"query": ASK}), FORM, 400),
    ("query in URL and direct body", "POST", "/sparql?" + urlencode({"query": ASK}), ASK, DIRECT, 400),
    ("query and update together", "GET", "/sparql?" + urlencode({"query": ASK, "update": "CLEAR ALL"}), None, {}, 400),
    ("POST without a query", "POST", "/sparql", urlencode({"default-graph-uri": GRAPH + "ontology"}), FORM, 400),
    ("POST with a wrong media type", "POST", "/sparql", ASK, {"Content-Type": "text/plain"}, 415),
    ("POST without a media type", "POST", "/sparql", ASK, {}, 415),
    ("non-UTF-8 body", "POST", "/sparql", b"ASK { ?s ?p \"\xff\" }", DIRECT, 400),
    ("PUT", "PUT", "/sparql", ASK, DIRECT, 405),
    ("DELETE", "DELETE", "/sparql", None, {}, 405),
    ("no acceptable ASK format", "GET", "/sparql?" + urlencode({"query": ASK}), None, {"Accept": "text/csv"}, 406),
    ("no acceptable SELECT format", "GET", "/sparql?" + urlencode({"query": SELECT}), None, {"Accept": "image/png"}, 406),
])
def test_bad_requests_get_a_4xx_with_one_line(port, case, method, path, body, headers, status):
    reply = fetch(port, method, path, body, headers)
    assert reply.status == status, (case, reply.text)
    assert reply.media_type == "text/plain"
    assert reply.text.strip() and reply.text.count("\n") == 1, reply.text
    if status == 405:
        assert "GET" in reply.headers["Allow"]


# -- safety: each refusal ---------------------------------------------------------------------
@pytest.mark.parametrize("case, method, path, body, headers", [
    ("update by GET", "GET", "/sparql?" + urlencode({"update": "INSERT DATA { <a:a> <a:b> <a:c> }"}), None, {}),
    ("update by form", "POST", "/sparql", urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}), FORM),
    ("update by direct POST", "POST", "/sparql", "CLEAR ALL", {"Content-Type": "application/sparql-update"}),
    ("update text as a query", "POST", "/sparql", "INSERT DATA { <a:a> <a:b> <a:c> }", DIRECT),
    ("LOAD", "GET", "/sparql?" + urlencode({"query": "LOAD <http://example.org/data.ttl>"}), None, {}),
    ("SERVICE", "GET", "/sparql?" + urlencode({"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}), None, {}),
    ("SERVICE SILENT in lower case", "POST", "/sparql", "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }", DIRECT),
    ("FROM remote", "GET", "/sparql?" + urlencode({"query": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"}), None, {}),
    ("FROM NAMED remote", "POST", "/sparql", "PREFIX ex: <http://example.org/> SELECT * FROM NAMED ex:g WHERE { GRAPH ?g { ?s ?p ?o } }", DIRECT),
    ("default-graph-uri remote", "GET", "/sparql?" + urlencode({"query": ASK, "default-graph-uri": "http://example.org/g"}), None, {}),
    ("named-graph-uri remote", "GET", "/sparql?" + urlencode({"query": ASK, "named-graph-uri": "http://example.org/g"}), None, {}),
])
def test_refusals_are_403_with_a_reason(port, store, case, method, path, body, headers):
    before = len(store)
    reply = fetch(port, method, path, body, headers)
    assert reply.status == 403, (case, reply.text)
    assert reply.text.count("\n") == 1 and len(reply.text) > 20
    assert len(store) == before


def test_service_word_inside_a_string_is_not_refused(port):
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://example.org/> FROM <http://x/>" AS ?x) } # SERVICE'
    assert fetch(port, "GET", "/sparql", params={"query": query}, headers={"Accept": JSON}).status == 200


def test_time_limit(strict_port):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # slow, in little memory
    reply = fetch(strict_port, "POST", "/sparql", runaway, DIRECT)
    assert reply.status == 422 and "time limit" in reply.text
    # The worker that ran it was replaced: the endpoint still answers.
    assert fetch(strict_port, "POST", "/sparql", ASK, {**DIRECT, "Accept": JSON}).status == 200


def test_row_cap_refuses_rather_than_truncates(strict_port):
    reply = fetch(strict_port, "GET", "/sparql", params={"query": SELECT}, headers={"Accept": JSON})
    assert reply.status == 422 and "more than 5 rows" in reply.text
    limited = fetch(strict_port, "GET", "/sparql", params={"query": SELECT + " LIMIT 5"}, headers={"Accept": JSON})
    assert limited.status == 200


def test_request_size_caps(strict_port):
    big = SELECT + " #" + "x" * 3000
    assert fetch(strict_port, "POST", "/sparql", big, DIRECT).status == 413
    assert fetch(strict_port, "GET", "/sparql", params={"query": big}).status == 414


# -- the command ------------------------------------------------------------------------------
def test_roto_serve_command_serves_and_stops(tmp_path):
    import os
    import re
    import subprocess
    import sys

    from conftest import ROOT

    process = subprocess.Popen([sys.executable, "-m", "roto", "serve", "--port", "0", "--workers", "1"],
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        banner = process.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        assert match, banner
        reply = fetch(int(match[1]), "GET", "/sparql", params={"query": ASK}, headers={"Accept": JSON})
        assert reply.status == 200 and json.loads(reply.body)["boolean"] is True
    finally:
        process.terminate()
        process.wait(20)


def test_busy_port_is_one_line_and_exit_2(port):
    from conftest import run_roto

    result = run_roto("serve", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.startswith("roto: error: cannot listen on 127.0.0.1:") and result.stderr.count("\n") == 1


def test_a_port_out_of_range_is_one_line_and_exit_2():
    from conftest import run_roto

    result = run_roto("serve", "--port", "99999")
    assert result.returncode == 2
    assert result.stderr == "roto: error: --port 99999: a port is a number from 0 to 65535\n"
