"""Answer the canned SPARQL queries (`queries/*.rq`, read by `roto.canned`) on any engine,
with what a person typed for their parameters matched to terms first (`roto.matching`).

The catalogue's names (`CannedQuery`, `Param`, `all_queries`, `get_query`, `bind`,
`parse_term`) are importable from here too, as before.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from .canned import CannedQuery, Param, Value, all_queries, bind, get_query, parse_query_file, parse_term, place_terms
from .engine import Engine, Result, Solutions, solutions, store_select
from .matching import check_free_terms, resolve_params

__all__ = ["CannedQuery", "Param", "Value", "all_queries", "bind", "get_query", "parse_query_file", "parse_term",
           "place_terms", "run", "run_select", "select"]

def run(engine: Engine, name: str | CannedQuery, values: Mapping[str, Value] | None = None) -> Result:
    """Answer a canned query on `engine`, its parameters bound as terms.

    >>> from roto.engine import open_engine
    >>> run(open_engine(), "models-by-relationship", {"relationship": "family"}).values("label")[:2]
    ['Open dialogue', 'Positive psychotherapy']
    """
    query = get_query(name) if isinstance(name, str) else name
    check_free_terms(engine, query, values or {})
    return engine.query(bind(query, resolve_params(engine, query, values or {})))


def run_select(engine: Engine, name: str | CannedQuery, values: Mapping[str, Value] | None = None) -> Solutions:
    """`run` for a SELECT query: its rows (RotoError if the query answers with anything else)."""
    return solutions(run(engine, name, values))


def select(store: ox.Store, text: str) -> tuple[list[str], list[dict[str, object]]]:
    """Run a SELECT over the union of all graphs; returns variable names and solution rows."""
    answer = store_select(store, text, use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return names, [{n: s[n] for n in names} for s in answer]
