"""Read a SPARQL text just enough to refuse what ROTO never runs, wherever the query goes.

A tokenizer after SPARQL 1.1's terminals (section 19.8) skips comments, strings and IRIs, so
`SERVICE` inside a literal is not a keyword; comments end at a carriage return or a line
feed, keywords are read in any case. `refuse_unsafe` refuses updates and LOAD anywhere in
the text (ROTO's graphs are read-only) and SERVICE (pyoxigraph would fetch a SERVICE IRI
over HTTP); the local engine, the remote engine and the web endpoint all call it. The text
is read twice: as written (pyoxigraph's reading: `\\u` escapes count only inside strings and
IRIs) and with `\\u`/`\\U` escapes decoded first (the SPARQL specification's reading); a
refusal in either reading counts. SERVICE is matched inside any word or prefix, since
pyoxigraph's parser needs no space around keywords (`trueSERVICE`, `SERVICESILENT`).

This is a courtesy that gives a clear message: what enforces "no query reaches the network"
is where queries run (`roto.sandbox`). `check_bounds` also refuses, before any parser sees
them, texts longer or deeper than pyoxigraph's recursive parser should be given (5,000 nested
parentheses crash it). Light to import (no rdflib, no pyoxigraph): the query commands load
it on every run.

>>> refuse_unsafe('SELECT ?x { BIND("SERVICE" AS ?x) } # LOAD')
'SELECT'
"""

from __future__ import annotations

import re
from functools import cache

from .errors import RotoError

# Character classes of SPARQL 1.1's grammar (PN_CHARS_BASE, and what PN_CHARS adds to
# PN_CHARS_U beyond ASCII).
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_MORE = "\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"


def _token_pattern(base: str, more: str) -> re.Pattern:
    """The tokenizer for these character classes. Compiling the full Unicode classes takes
    ~30 ms, so ASCII text (every canned query, nearly every query) uses the same pattern with
    the classes cut to ASCII, which matches ASCII text exactly as the full one does."""
    u = base + "_"
    chars = u + r"\-0-9" + more
    prefix = rf"[{base}](?:[{chars}.]*[{chars}])?"
    local = rf"(?:[{u}:0-9]|{_PLX})(?:(?:[{chars}.:]|{_PLX})*(?:[{chars}:]|{_PLX}))?"
    return re.compile(rf"""
    (?P<space>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][{u}0-9][{u}0-9{more}]*)
  | (?P<bnode>_:[{u}0-9](?:[{chars}.]*[{chars}])?)
  | (?P<pname>(?:{prefix})?:(?:{local})?)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)
  | (?P<word>[{u}][{u}0-9]*)
  | (?P<open><<|[({{\[])
  | (?P<close>>>|[)}}\]])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


_ASCII_TOKEN = _token_pattern("A-Za-z", "")


@cache
def _unicode_token() -> re.Pattern:
    return _token_pattern(_BASE, _MORE)


def _tokenizer(text: str) -> re.Pattern:
    return _ASCII_TOKEN if text.isascii() else _unicode_token()


_ESCAPE = re.compile(_UCHAR)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
MAX_QUERY_CHARS = 65_536  # the longest canned query has under 2,000
MAX_NESTING = 64          # brackets, braces, parentheses and << >> inside one another; canned queries reach 5


class UnsafeQuery(RotoError):
    """An update or a federated query: refused before any store sees it."""


class QueryTooLarge(RotoError):
    """A text longer or more deeply nested than the limits: refused before any parser sees it."""


def token_spans(text: str) -> list[re.Match]:
    """The tokens without spaces and comments, as matches (`lastgroup` is the kind, `span()`
    where), as pyoxigraph reads the text."""
    return [m for m in _tokenizer(text).finditer(text) if m.lastgroup not in ("space", "comment")]


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens without spaces and comments, as pyoxigraph reads the text."""
    return [(m.lastgroup or "", m.group()) for m in token_spans(text)]  # every token is a named group


def decode_escapes(text: str) -> str:
    """The text after SPARQL's codepoint-escape step (\\uXXXX, \\UXXXXXXXX), which comes before
    tokenising.

    >>> decode_escapes(r"\\u0053ERVICE")
    'SERVICE'
    """
    def char(match: re.Match) -> str:
        code = int(match.group()[2:], 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _ESCAPE.sub(char, text)


def readings(text: str) -> list[list[tuple[str, str]]]:
    """The tokens of `text` as written and, if it has escapes, after decoding them."""
    decoded = decode_escapes(text)
    return [tokens(text)] if decoded == text else [tokens(text), tokens(decoded)]


def first_keyword(toks: list[tuple[str, str]]) -> str | None:
    """The keyword after the prologue: the query form (SELECT ...) or an update's verb.

    >>> first_keyword(tokens("PREFIX a: <x:> SELECT * { ?s ?p 'ADD' } # adds a comment"))
    'SELECT'
    """
    words = (t.upper() for kind, t in toks if kind == "word")
    return next((w for w in words if w not in ("BASE", "PREFIX")), None)


def nesting(toks: list[tuple[str, str]]) -> int:
    """How deeply brackets of any kind sit inside one another.

    >>> nesting(tokens("ASK { FILTER((1)) } # ((((("))
    3
    """
    depth = deepest = 0
    for kind, _ in toks:
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
    return deepest


def check_bounds(text: str) -> None:
    """QueryTooLarge if `text` is longer than MAX_QUERY_CHARS or nests deeper than MAX_NESTING."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLarge(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    depth = max(nesting(reading) for reading in readings(text))
    if depth > MAX_NESTING:
        raise QueryTooLarge(f"the query nests brackets {depth} deep; the limit is {MAX_NESTING}")


def _names_service(kind: str, text: str) -> bool:
    """A word, or a prefixed name's prefix, holding SERVICE: pyoxigraph needs no space around a
    keyword, so `trueSERVICE <x:>` and `service:x { }` (with PREFIX :) are SERVICE clauses."""
    if kind == "pname":
        text = text.partition(":")[0]
    elif kind != "word":
        return False
    return "SERVICE" in text.upper()


def refuse_unsafe(text: str) -> str | None:
    """The first keyword of `text` (the query form if it is a query); QueryTooLarge past the
    bounds, UnsafeQuery for an update, LOAD or SERVICE. Only real keywords count, not words in
    strings, IRIs or comments."""
    check_bounds(text)
    views = readings(text)
    for toks in views:
        update = next((w.upper() for kind, w in toks if kind == "word" and w.upper() in UPDATE_WORDS), None)
        if update is not None:  # no query keyword is one of these
            raise UnsafeQuery(f"{update} is an update: the graph is read-only here; use SELECT, ASK, CONSTRUCT or DESCRIBE")
        if any(_names_service(kind, word) for kind, word in toks):
            raise UnsafeQuery("SERVICE is refused: queries run on the local graph only, nothing is fetched")
    return first_keyword(views[0])


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
            found[toks[i + 1][1][:-1]] = decode_escapes(toks[i + 2][1][1:-1])
    return found


def _iri(token: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, text = token
    if kind == "iri":
        return decode_escapes(text[1:-1])
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None
