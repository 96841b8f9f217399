"""One reading of SPARQL text decides what is refused, for every place a query can go: the
local engine, a remote endpoint and `roto serve` refuse the same texts, and only real
keywords count (not words inside strings, IRIs or comments)."""

from __future__ import annotations

import pytest

from roto.errors import RotoError
from roto.remote import RemoteEngine
from roto.sparql_guard import UnsafeQuery, dataset_graphs, query_form, refuse_unsafe
from roto.web.guard import Refusal, inspect_query
from servers import free_port

REFUSED = {
    "INSERT DATA { <a:a> <a:b> <a:c> }": "INSERT is an update",
    "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }": "DELETE is an update",
    "LOAD <http://example.org/data.ttl>": "LOAD is an update",
    "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }": "SERVICE is refused",
}
HARMLESS = {  # text: how many rows (or ASK true) the review's graph gives
    'SELECT ?x { BIND("SERVICE <http://example.org/> INSERT" AS ?x) } # LOAD': 1,
    "SELECT ?service { ?service <http://x.org/SERVICE> ?o }": 0,
    "# adds a comment\nASK { ?s ?p 'DROP' }": 0,
}


@pytest.mark.parametrize("text", REFUSED)
def test_local_remote_and_web_refuse_the_same(text, engine):
    message = REFUSED[text]
    with pytest.raises(UnsafeQuery, match=message):
        engine.query(text)
    # A dead port: the refusal comes before any connection is tried.
    with pytest.raises(UnsafeQuery, match=message):
        RemoteEngine(f"http://127.0.0.1:{free_port()}/query").query(text)
    with pytest.raises(Refusal, match=message) as refused:
        inspect_query(text, set())
    assert refused.value.status == 403


@pytest.mark.parametrize("text", HARMLESS)
def test_keywords_in_strings_iris_and_comments_do_not_count(text, engine):
    assert query_form(text) in ("SELECT", "ASK")
    assert inspect_query(text, set()).form == query_form(text)
    assert len(engine.query(text)) == HARMLESS[text]


def test_not_a_query_is_bad_input_and_web_400():
    with pytest.raises(RotoError, match="not a SPARQL query"):
        query_form("PREFIX ex: <http://example.org/> ex:a ex:b ex:c")
    with pytest.raises(Refusal) as refused:
        inspect_query("hello", set())
    assert refused.value.status == 400
    assert refuse_unsafe("hello") == "HELLO", "the local parser, not the guard, reports a malformed query"


def test_from_graphs_are_read_with_prefixes():
    text = "PREFIX g: <https://w3id.org/roto/graph/> SELECT * FROM g:assertions FROM NAMED <x:y> WHERE { ?s ?p 'FROM <z:z>' }"
    assert dataset_graphs(text) == ["https://w3id.org/roto/graph/assertions", "x:y"]
    with pytest.raises(Refusal, match="<x:y> is not a graph of this dataset"):
        inspect_query(text, {"https://w3id.org/roto/graph/assertions"})


def test_the_ascii_tokenizer_reads_ascii_text_as_the_full_one_does():
    """ASCII text is tokenized with the classes cut to ASCII (compiling the full Unicode ones
    costs every command ~30 ms): on every canned query and hostile query, the same tokens."""
    from pathlib import Path

    from roto.sparql_guard import _ASCII_TOKEN, _unicode_token

    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in [*root.glob("queries/**/*.rq"), *root.glob("tests/hostile/sparql/*.rq")]]
    texts = [t for t in texts if t.isascii()]
    assert len(texts) > 40
    for text in texts:
        full = [(m.lastgroup, m.group()) for m in _unicode_token().finditer(text)]
        assert [(m.lastgroup, m.group()) for m in _ASCII_TOKEN.finditer(text)] == full
