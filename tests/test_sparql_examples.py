"""The canned queries as SPARQL examples (release/roto-examples.ttl): one per `.rq` file, in
the SIB sparql-examples shape, each text equal to its file, parsed and run on the graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from roto.assets import asset_dir
from roto.canned import all_queries
from roto.sparql_examples import ENDPOINT_IRI, EXAMPLES_FILE, FORMS, SH, example_iri

SCHEMA_TARGET = "https://schema.org/target"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def examples() -> ox.Store:
    store = ox.Store()
    store.load(path=str(asset_dir("release") / EXAMPLES_FILE), format=ox.RdfFormat.TURTLE)
    return store


def objects(store: ox.Store, subject: str, predicate: str) -> list:
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)]


def test_every_canned_query_is_an_example_and_nothing_else(examples):
    queries = all_queries()
    assert len(queries) >= 29
    described = {q.subject.value for q in examples.quads_for_pattern(None, ox.NamedNode(RDF_TYPE),
                                                                     ox.NamedNode(SH + "SPARQLExecutable"))}
    assert described == {example_iri(query) for query in queries.values()}


def test_each_example_holds_its_file_and_runs_on_the_graph(examples, store):
    text_properties = {SH + holder: SH + kind for kind, holder in FORMS.values()}
    for query in all_queries().values():
        node = example_iri(query)
        texts = [(p, o.value) for p in text_properties for o in objects(examples, node, p)]
        assert len(texts) == 1, node
        holder, text = texts[0]
        assert text == query.path.read_text(encoding="utf-8")  # byte for byte the .rq file
        types = {o.value for o in objects(examples, node, RDF_TYPE)}
        assert types == {SH + "SPARQLExecutable", text_properties[holder]}
        assert [o.value for o in objects(examples, node, RDFS + "comment")] == [query.description]
        assert [o.value for o in objects(examples, node, RDFS + "label")] == [query.title]
        assert [o.value for o in objects(examples, node, SCHEMA_TARGET)] == [ENDPOINT_IRI]
        result = store.query(text, use_default_graph_as_union=True)  # parses and runs on the graph
        if holder == SH + "select":
            assert isinstance(result, ox.QuerySolutions)
            list(result)


def test_each_example_iri_resolves_to_the_file_that_describes_it(examples):
    from wsgiref.util import setup_testing_defaults

    from roto.namespaces import BASE
    from roto.web.app import Limits, RotoApp

    documents = {q.subject.value.split("#")[0] for q in examples.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None)}
    assert documents == {BASE + EXAMPLES_FILE}
    app = RotoApp(limits=Limits(workers=1))
    try:
        environ = {"REQUEST_METHOD": "GET"}
        setup_testing_defaults(environ)
        answer = app.route(environ, "GET", "/" + EXAMPLES_FILE)  # the IRI's path, as roto serve and the site serve it
    finally:
        app.close()
    assert answer.status == 200 and answer.media_type == "text/turtle"
    assert answer.body == (asset_dir("release") / EXAMPLES_FILE).read_bytes()
