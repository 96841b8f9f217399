"""Canned SPARQL queries: `.rq` files with a header comment, and how to run them.

Header lines at the top of each file::

    # title: Models by resource type
    # description: One line saying what the rows are.
    # param: resource = resource:social-relationships | what it takes

Parameters are bound as RDF terms: each becomes a `VALUES` clause appended to the query,
with the term written by pyoxigraph's serialiser, so a value can never change the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .assets import asset_dir
from .errors import RotoError
from .namespaces import PREFIXES


@dataclass(frozen=True)
class Param:
    name: str
    default: str | None
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    params: tuple[Param, ...] = field(default=())


_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*(?:=\s*([^|]*?))?\s*\|\s*(.+)$")


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
                raise RotoError(f"{path}: cannot read parameter line {value!r} (write: name = default | description)")
            params.append(Param(pm[1], pm[2] or None, pm[3].strip()))
        else:
            meta[key] = value.strip()
    if "title" not in meta or "description" not in meta:
        raise RotoError(f"{path}: the header needs '# title:' and '# description:' lines")
    return CannedQuery(name, meta["title"], meta["description"], text, path, tuple(params))


def all_queries(folder: Path | None = None) -> dict[str, CannedQuery]:
    """Every canned query by name; checks are named `checks/NAME`."""
    root = folder or asset_dir("queries")
    found = {}
    for path in sorted(root.rglob("*.rq")):
        name = path.relative_to(root).with_suffix("").as_posix()
        found[name] = parse_query_file(path, name)
    return found


def get_query(name: str) -> CannedQuery:
    queries = all_queries()
    if name not in queries:
        raise RotoError(f"unknown query {name!r}; known queries: {', '.join(queries)}")
    return queries[name]


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


def bind(query: CannedQuery, values: dict[str, str | ox.NamedNode | ox.Literal]) -> str:
    """The query text with every parameter bound by a trailing VALUES clause."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        listed = ", ".join(known) or "none"
        raise RotoError(f"query {query.name!r} has no parameter {', '.join(unknown)} (parameters: {listed})")
    clauses = []
    for name, param in known.items():
        value = values.get(name, param.default)
        if value is None:
            raise RotoError(f"query {query.name!r} needs a value for parameter {name!r}: {param.description}")
        term = parse_term(value) if isinstance(value, str) else value
        clauses.append(f"VALUES ?{name} {{ {term} }}")
    return query.text.rstrip() + "\n" + "\n".join(clauses) + ("\n" if clauses else "")


def select(store: ox.Store, text: str) -> tuple[list[str], list[dict[str, object]]]:
    """Run a SELECT over the union of all graphs; returns variable names and solution rows."""
    solutions = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return names, [{n: s[n] for n in names} for s in solutions]
