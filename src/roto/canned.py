"""The canned SPARQL queries: `.rq` files with a header comment, read into `CannedQuery`,
and their parameters bound as RDF terms. Pure text work: nothing here asks an engine
(`roto.matching` turns what a person types into terms; `roto.queries` answers).

Header lines at the top of each file::

    # title: Models by resource type
    # description: One line saying what the rows are.
    # param: resource (roto:ResourceType) = resource:social-relationships | what it takes

A parameter may name the classes its values belong to, in parentheses; its value is
then matched against those classes' members by label, local id or an unambiguous prefix
(see `roto.matching`), so `--param resource=decision` works. Without classes a value is
an `<iri>`, a `prefix:local` name for a known prefix, or a literal. Defaults are written
as exact terms, so `bind` needs no engine.

A parameter's term, written by pyoxigraph's serialiser (so a value can never change the
query), takes the place of its variable wherever the variable stands (the header comment
is left out), as SEP-0007 substitution does: `SELECT ?model` becomes `SELECT (<...> AS
?model)`, a triple pattern names the term, so the engine reads an index instead of
scanning the graph and filtering at the end (1.3 s against a few ms for one model at
10,000 models). The text is the same for every engine, remote ones included. Where a
variable cannot be replaced (`BOUND(?x)`, `AS ?x`, `VALUES ?x`), and for several values
of one parameter, a trailing `VALUES` clause binds them instead.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Mapping
from itertools import product
from pathlib import Path

import pyoxigraph as ox

from .assets import asset_dir
from .errors import RotoError
from .namespaces import PREFIXES


class Param(namedtuple("Param", "name default description classes", defaults=((),))):
    """A parameter: name, default (or None), description, and the IRIs of the classes a
    value must belong to (a tuple, empty for any term)."""

    __slots__ = ()


class CannedQuery(namedtuple("CannedQuery", "name title description text path params", defaults=((),))):
    """A canned query: name, title, description, text (header included), path, and its
    parameters (a tuple of Param)."""

    __slots__ = ()

    @property
    def body(self) -> str:
        """The query without its header comment, as sent to an engine (SPARQLWrapper, for
        one, guesses a query's form from the first keyword-like word, comments included)."""
        lines = self.text.splitlines(keepends=True)
        start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        return "".join(lines[start:])


_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*(?:\(([^)]*)\))?\s*(?:=\s*([^|]*?))?\s*\|\s*(.+)$")


def parse_query_file(path: Path, name: str) -> CannedQuery:
    """Read a `.rq` file and its header."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            if line.startswith("#"):
                continue
            break
        key, value = match.groups()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm:
                raise RotoError(f"{path}: cannot read parameter line {value!r} "
                                "(write: name (prefix:Class, ...) = default | description)")
            classes = tuple(_class_iri(path, c.strip()) for c in (pm[2] or "").split(",") if c.strip())
            params.append(Param(pm[1], pm[3] or None, pm[4].strip(), classes))
        else:
            meta[key] = value.strip()
    if "title" not in meta or "description" not in meta:
        raise RotoError(f"{path}: the header needs '# title:' and '# description:' lines")
    return CannedQuery(name, meta["title"], meta["description"], text, path, tuple(params))


def _class_iri(path: Path, name: str) -> str:
    term = parse_term(name)
    if not isinstance(term, ox.NamedNode):
        raise RotoError(f"{path}: parameter class {name!r} is not an IRI or a known prefixed name")
    return term.value


def all_queries(folder: Path | None = None) -> dict[str, CannedQuery]:
    """Every canned query by name; checks are named `checks/NAME`."""
    root = folder or asset_dir("queries")
    found = {}
    for path in sorted(root.rglob("*.rq")):
        name = path.relative_to(root).with_suffix("").as_posix()
        found[name] = parse_query_file(path, name)
    return found


def get_query(name: str) -> CannedQuery:
    """One canned query by name, reading only its own file (the fast path)."""
    root = asset_dir("queries")
    path = root / f"{name}.rq"
    if not re.fullmatch(r"[\w.-]+(/[\w.-]+)*", name) or ".." in name or not path.is_file():
        import difflib

        known = list(all_queries())
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise RotoError(f"unknown query {name!r}{hint}; known queries: {', '.join(known)}")
    return parse_query_file(path, name)


def parse_term(value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term: <iri>, prefix:local for a known prefix, or a literal."""
    if value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError:
            raise RotoError(f"not a valid IRI: {value}") from None
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.\-/]*", local):
        return ox.NamedNode(PREFIXES[prefix] + local)
    return ox.Literal(value)


Value = str | ox.NamedNode | ox.Literal


def bind(query: CannedQuery, values: Mapping[str, Value | list[Value]]) -> str:
    """The query text with every parameter bound by a trailing VALUES clause.

    A list binds several values (solutions for each). Strings are read by `parse_term`;
    use `resolve_params` first to match names against a parameter's classes.
    """
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        listed = ", ".join(known) or "none"
        raise RotoError(f"query {query.name!r} has no parameter {', '.join(unknown)} (parameters: {listed})")
    columns = []
    for name, param in known.items():
        value = values.get(name, param.default)
        if value is None:
            raise RotoError(f"query {query.name!r} needs a value for parameter {name!r}: {param.description}")
        columns.append([parse_term(v) if isinstance(v, str) else v for v in (value if isinstance(value, list) else [value])])
    if not columns:
        return query.body
    if all(len(column) == 1 for column in columns):
        placed = place_terms(query.body, {name: column[0] for name, column in zip(known, columns, strict=True)})
        if placed is not None:
            return placed
    # SPARQL allows one trailing VALUES clause: one row per combination of the values.
    rows = " ".join("(" + " ".join(map(str, row)) + ")" for row in product(*columns))
    return f"{query.body.rstrip()}\nVALUES ({' '.join('?' + n for n in known)}) {{ {rows} }}\n"


def place_terms(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str | None:
    """`text` with each variable named in `terms` replaced by its term: in a SELECT's
    projection as `(term AS ?name)`, in the pattern as the term itself, after the query's
    pattern (ORDER BY ...) as `(term)`. None where that does not make a valid query
    (checked by pyoxigraph's parser on an empty store)."""
    from .sparql_guard import token_spans

    out, last, depth, after_pattern, form = [], 0, 0, False, None
    for token in token_spans(text):
        kind, word = token.lastgroup, token.group()
        if kind == "word" and form is None and word.upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            form = word.upper()
        elif word == "{":
            depth, after_pattern = depth + 1, False
        elif word == "}":
            depth -= 1
            after_pattern = depth == 0
        elif kind == "var" and word[1:] in terms:
            term = str(terms[word[1:]])
            if after_pattern:
                term = f"({term})"
            elif depth == 0 and form == "SELECT":
                term = f"({term} AS ?{word[1:]})"
            out += [text[last:token.start()], term]
            last = token.end()
    placed = "".join(out) + text[last:]
    try:
        ox.Store().query(placed)
    except SyntaxError:
        return None
    return placed
