"""Read a SPARQL text just enough to refuse what ROTO never runs, wherever the query goes.

A small lexer skips comments, strings and IRIs, so `SERVICE` inside a literal is not a
keyword. `refuse_unsafe` refuses updates and LOAD (ROTO's graphs are read-only) and SERVICE
(pyoxigraph would fetch a SERVICE IRI over HTTP, and ROTO never goes to the network because
a query asked); the local engine, the remote engine and the web endpoint all call it. Anything else is left to a SPARQL parser.
Light to import (no rdflib, no pyoxigraph): the query commands load it on every run.

>>> refuse_unsafe('SELECT ?x { BIND("SERVICE" AS ?x) } # LOAD')
'SELECT'
"""

from __future__ import annotations

import re

from .errors import RotoError

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[A-Za-z][\w.\-]*)?:[\w.:%\-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


class UnsafeQuery(RotoError):
    """An update or a federated query: refused before any store sees it."""


def token_spans(text: str) -> list[re.Match]:
    """The tokens without spaces and comments, as matches (`lastgroup` is the kind, `span()` where)."""
    return [m for m in _TOKEN.finditer(text) if m.lastgroup not in ("space", "comment")]


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens without spaces and comments."""
    return [(m.lastgroup, m.group()) for m in token_spans(text)]


def first_keyword(toks: list[tuple[str, str]]) -> str | None:
    """The keyword after the prologue: the query form (SELECT ...) or an update's verb.

    >>> first_keyword(tokens("PREFIX a: <x:> SELECT * { ?s ?p 'ADD' } # adds a comment"))
    'SELECT'
    """
    words = (t.upper() for kind, t in toks if kind == "word")
    return next((w for w in words if w not in ("BASE", "PREFIX")), None)


def refuse_unsafe(text: str) -> str | None:
    """The first keyword of `text` (the query form if it is a query), or UnsafeQuery for an
    update, LOAD or SERVICE. Only real keywords count, not words in strings or IRIs."""
    toks = tokens(text)
    first = first_keyword(toks)
    if first in UPDATE_WORDS:
        raise UnsafeQuery(f"{first} is an update: the graph is read-only here; use SELECT, ASK, CONSTRUCT or DESCRIBE")
    if any(kind == "word" and word.upper() == "SERVICE" for kind, word in toks):
        raise UnsafeQuery("SERVICE is refused: queries run on the local graph only, nothing is fetched")
    return first


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK; UnsafeQuery as `refuse_unsafe` says, RotoError
    for anything else (a remote endpoint must be told the form; a local parser is not)."""
    form = refuse_unsafe(text)
    if form not in QUERY_FORMS:
        raise RotoError("not a SPARQL query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
    return form


def dataset_graphs(text: str) -> list[str]:
    """The IRIs a query names with FROM and FROM NAMED (prefixed names expanded); one the
    lexer cannot read is left for the parser to report.

    >>> dataset_graphs("PREFIX g: <https://w3id.org/roto/graph/> SELECT * FROM g:assertions FROM NAMED <x:y> {}")
    ['https://w3id.org/roto/graph/assertions', 'x:y']
    """
    toks = tokens(text)
    prefixes = _prefixes(toks)
    graphs = []
    for i, (kind, word) in enumerate(toks):
        if kind != "word" or word.upper() != "FROM":
            continue
        j = i + 1
        if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "NAMED":
            j += 1
        name = _iri(toks[j], prefixes) if j < len(toks) else None
        if name is not None:
            graphs.append(name)
    return graphs


def _prefixes(toks: list[tuple[str, str]]) -> dict[str, str]:
    found = {}
    for i, (kind, text) in enumerate(toks[:-2]):
        if kind == "word" and text.upper() == "PREFIX" and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            found[toks[i + 1][1][:-1]] = toks[i + 2][1][1:-1]
    return found


def _iri(token: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, text = token
    if kind == "iri":
        return text[1:-1]
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None
