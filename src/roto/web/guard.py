"""Read a SPARQL request's text just enough to refuse what a public endpoint must not do.

A small lexer skips comments, strings and IRIs, so `SERVICE` inside a literal is not a
keyword. It finds the query form, refuses updates and LOAD (the endpoint is read-only),
SERVICE (federation would make the server fetch from the network), and FROM / FROM NAMED
graphs that are not in the local dataset (nothing is ever fetched). Anything else is left
to the SPARQL parser, whose syntax errors become HTTP 400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class Refusal(Exception):
    """A request the endpoint will not run: HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason

    def __reduce__(self):  # crosses the pipe from a query worker
        return Refusal, (self.status, self.reason)


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


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens without spaces and comments."""
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("space", "comment")]


@dataclass(frozen=True)
class Inspection:
    form: str                       # SELECT, CONSTRUCT, DESCRIBE or ASK
    from_graphs: tuple[str, ...]    # IRIs named by FROM and FROM NAMED


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


def first_keyword(toks: list[tuple[str, str]]) -> str | None:
    """The keyword after the prologue: the query form (SELECT ...) or an update's verb.

    >>> first_keyword(tokens("PREFIX a: <x:> SELECT * { ?s ?p 'ADD' } # adds a comment"))
    'SELECT'
    """
    words = (t.upper() for kind, t in toks if kind == "word")
    return next((w for w in words if w not in ("BASE", "PREFIX")), None)


def inspect_query(text: str, local_graphs: set[str]) -> Inspection:
    """The query form and FROM graphs of `text`, or a Refusal saying why it is not run."""
    toks = tokens(text)
    words = [t.upper() for kind, t in toks if kind == "word"]
    first = first_keyword(toks)
    if first in UPDATE_WORDS:
        raise Refusal(403, f"{first} is an update and this endpoint is read-only")
    if "SERVICE" in words:
        raise Refusal(403, "SERVICE (federated query) is disabled: this endpoint does not fetch remote data")
    if first not in QUERY_FORMS:
        raise Refusal(400, "not a SPARQL query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
    prefixes = _prefixes(toks)
    graphs = []
    for i, (kind, text_) in enumerate(toks):
        if kind != "word" or text_.upper() != "FROM":
            continue
        j = i + 1
        if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "NAMED":
            j += 1
        name = _iri(toks[j], prefixes) if j < len(toks) else None
        if name is None:
            continue  # a syntax error the parser will report
        check_graph(name, local_graphs, "FROM")
        graphs.append(name)
    return Inspection(first, tuple(graphs))


def check_graph(name: str, local_graphs: set[str], where: str) -> None:
    """Refuse a dataset graph that is not in the store: using it would mean fetching it."""
    if name not in local_graphs:
        raise Refusal(403, f"{where} <{name}> is not a graph of this dataset; remote data is never fetched")
