"""Every canned query gives the same answer on pyoxigraph (the fast path) and on rdflib.

rdflib runs over the dataset compiled from the authored sources (not the release file): the
session's `review_dataset`, seen through a Dataset of its own on the same store whose default
graph is the union of the named graphs, as the engine's is (the session's is not changed). Each
query runs with every parameter set of `test_canned_queries.ANSWERS`; answers compare as
ordered lists when the query orders its rows, as multisets otherwise.
"""

from __future__ import annotations

from collections import Counter

import pytest

from roto.canned import bind, get_query
from roto.matching import resolve_params
from test_canned_queries import ANSWERS, QUERY_NAMES

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@pytest.fixture(scope="module")
def rdflib_dataset(review_dataset):
    from rdflib import Dataset

    return Dataset(store=review_dataset.store, default_union=True)


def oxigraph_value(term) -> tuple:
    import pyoxigraph as ox

    if term is None:
        return ("unbound",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    return ("literal", term.value, term.language or term.datatype.value)


def rdflib_value(term) -> tuple:
    from rdflib import BNode, URIRef

    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    return ("literal", str(term), term.language or (str(term.datatype) if term.datatype else XSD_STRING))


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_pyoxigraph_and_rdflib_agree(name, engine, rdflib_dataset):
    query = get_query(name)
    ordered = "ORDER BY" in query.text.upper()
    for params, _check in ANSWERS.get(name, [({}, None)]):
        text = bind(query, resolve_params(engine, query, params))
        fast = engine.query(text)
        slow = rdflib_dataset.query(text)
        assert list(fast.variables) == [str(v) for v in slow.vars], name
        fast_rows = [tuple(oxigraph_value(t) for t in row) for row in fast.rows]
        slow_rows = [tuple(rdflib_value(row[v]) for v in slow.vars) for row in slow]
        if ordered:
            assert fast_rows == slow_rows, f"{name} {params}"
        else:
            assert Counter(fast_rows) == Counter(slow_rows), f"{name} {params}"
