"""Match what a person types ("peers", "decision", "Open dialogue") to an entity of the graph,
and a canned query's typed parameters to RDF terms (`resolve_params`, `check_free_terms`).

A value matches an entity by its IRI, its prefixed name, its path under the base
(`relationship/peers`), its local id or its label, case-insensitively, spaces and
hyphens alike; failing that, by an unambiguous prefix of the id or label; failing that,
by the start of any word of the label ("strengths" finds "Personal strengths and
abilities"). Anything else is an error that lists the candidates or the valid values in
one line, so a typo never silently matches nothing.

>>> entries = [Named("https://w3id.org/roto/resource/decision-making", "Patient's decision-making ability"),
...            Named("https://w3id.org/roto/resource/social-relationships", "Social relationships")]
>>> match(entries, "decision", "resource").id
'decision-making'
>>> match(entries, "relationships", "resource").id
'social-relationships'
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Mapping

import pyoxigraph as ox

from .canned import CannedQuery, Value, bind, get_query, parse_term
from .engine import Boolean, Engine, Graph, Result, solutions
from .errors import RotoError
from .namespaces import BASE, PREFIXES


class Named(namedtuple("Named", "iri label")):
    """An entity a value can name: its IRI and label."""

    __slots__ = ()

    @property
    def id(self) -> str:
        """The local id: the IRI's last path segment (`decision-making`)."""
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().casefold().replace("\u2019", "'"))


def _exact_keys(entry: Named) -> set[str]:
    keys = {entry.iri, f"<{entry.iri}>", _norm(entry.id), _norm(entry.label)}
    if entry.iri.startswith(BASE):
        keys.add(_norm(entry.iri[len(BASE):]))
    keys.update(f"{p}:{entry.iri[len(ns):]}" for p, ns in PREFIXES.items() if entry.iri.startswith(ns))
    return keys


def match(entries: list[Named], value: str, what: str) -> Named:
    """The one entry `value` names; RotoError (listing the valid ids) when none or several do."""
    wanted = _norm(value)
    found = [e for e in entries if value.strip() in _exact_keys(e) or wanted in _exact_keys(e)]
    if not found and wanted:
        found = [e for e in entries if _norm(e.id).startswith(wanted) or _norm(e.label).startswith(wanted)]
    if not found and wanted:
        word = re.compile(r"(?<![\w'])" + re.escape(wanted))  # a word's start: not inside a word or after "'"
        found = [e for e in entries if word.search(_norm(e.label)) or word.search(_norm(e.id))]
    unique = list(dict.fromkeys(found))
    valid = ", ".join(e.id for e in entries) or "none in the graph"
    if not unique:
        raise RotoError(f"unknown {what} {value!r}; valid values: {valid}")
    if len(unique) > 1:
        raise RotoError(f"ambiguous {what} {value!r}: it matches {', '.join(e.id for e in unique)}; valid values: {valid}")
    return unique[0]


def members(engine: Engine, classes: tuple[str, ...]) -> list[Named]:
    """The labelled members of any of `classes`, in the review's order where it has one."""


    answer = solutions(engine.query(bind(get_query("terms"), {"class": [ox.NamedNode(c) for c in classes]})))
    return [Named(iri, label) for iri, label in zip(answer.bound("term"), answer.bound("label"), strict=True)]


def resolve(engine: Engine, classes: tuple[str, ...], value: str, what: str) -> Named:
    """The member of `classes` that `value` names (see `match`).

    The engine first narrows the members to `candidates` (no sort, no Python object per
    member); when exactly one of them matches exactly, that is `match`'s answer too. Anything
    else (a prefix, a typo, an ambiguous name) is left to `match` over every member, so
    answers and messages are the same.
    """
    exact = list(dict.fromkeys(e for e in candidates(engine, classes, value) if _is_exact(e, value)))
    if len(exact) == 1:
        return exact[0]
    return match(members(engine, classes), value, what)


def _is_exact(entry: Named, value: str) -> bool:
    keys = _exact_keys(entry)
    return value.strip() in keys or _norm(value) in keys


def _loose(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def candidates(engine: Engine, classes: tuple[str, ...], value: str) -> list[Named]:
    """Every labelled member of `classes` that `value` may name exactly (see `_exact_keys`),
    and maybe a few more, found by one filtering query the engine answers by itself.

    Why no exact match is missed: every key of an ASCII IRI or label is ASCII, and equal
    keys stay equal once lower-cased and stripped of all but [a-z0-9] ("loose"), which the
    engine computes the same way for ASCII text. An IRI's keys (the IRI, `<IRI>`, its path
    under the base, its local id, `prefix:local`) are each a loose suffix of the IRI (the
    part after the colon for a prefixed name); a label's key is the label. Non-ASCII IRIs
    and labels (casefold and the engine's LCASE may differ there) are always candidates.
    """
    import pyoxigraph as ox

    keys = {value.strip(), _norm(value)}
    suffixes = {_loose(k) for k in keys} | {_loose(k.partition(":")[2]) for k in keys if ":" in k}
    ends = " || ".join(f"STRENDS(?iriKey, {ox.Literal(s)})" for s in sorted(suffixes))
    labels = ", ".join(str(ox.Literal(k)) for k in sorted({_loose(k) for k in keys}))
    answer = solutions(engine.query(f"""SELECT DISTINCT ?term ?label WHERE {{
  VALUES ?class {{ {" ".join(str(ox.NamedNode(c)) for c in classes)} }}
  ?term a ?class ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  BIND(REPLACE(LCASE(STR(?term)), "[^a-z0-9]", "") AS ?iriKey)
  FILTER(REGEX(STR(?term), "[^ -~]") || REGEX(STR(?label), "[^ -~]")
         || REPLACE(LCASE(STR(?label)), "[^a-z0-9]", "") IN ({labels}) || {ends})
}}"""))
    return [Named(iri, label) for iri, label in zip(answer.values("term"), answer.values("label"), strict=True)]


def resolve_params(engine: Engine, query: CannedQuery, values: Mapping[str, Value]) -> dict[str, Value]:
    """Every parameter as an RDF term: names of class members (given or default) matched
    against the graph's vocabulary, other strings read by `parse_term`."""
    resolved: dict[str, Value] = dict(values)
    for param in query.params:
        value = values.get(param.name, param.default)
        if param.classes and isinstance(value, str):
            resolved[param.name] = ox.NamedNode(resolve(engine, param.classes, value, param.name).iri)
    return resolved


def _short(iri: str) -> str:
    """An IRI as a prefixed name where a known prefix fits."""
    return next((f"{p}:{iri[len(ns):]}" for p, ns in PREFIXES.items() if iri.startswith(ns) and "/" not in iri[len(ns):]),
                f"<{iri}>")


def _gives_rows(answer: Result) -> bool:
    if isinstance(answer, Boolean):
        return answer.value
    return bool(answer.triples if isinstance(answer, Graph) else answer.records())


def check_free_terms(engine: Engine, query: CannedQuery, values: Mapping[str, Value]) -> None:
    """Refuse, before binding, a value typed for a parameter that names no classes when the
    graph cannot mean it: where the default is an IRI, the value must be a term of the same
    kind (sharing an rdf:type with the default; the error lists those that give rows, e.g.
    `property=resources` for review-table gets roto:usesResource, roto:usesRelationship);
    without a default, an IRI must occur in the graph."""
    for param in query.params:
        value = values.get(param.name)
        if param.classes or not isinstance(value, str):
            continue
        given, default = parse_term(value), parse_term(param.default) if param.default else None
        if not isinstance(default, ox.NamedNode):
            if isinstance(given, ox.NamedNode) and not _gives_rows(engine.query(
                    f"ASK {{ {{ {given} ?p ?o }} UNION {{ ?s ?p {given} }} UNION {{ ?s {given} ?o }} }}")):
                raise RotoError(f"query {query.name!r}: {param.name}={value} is not a term of the graph")
            continue
        kin = solutions(engine.query(f"SELECT DISTINCT ?t WHERE {{ {default} a ?type . ?t a ?type . FILTER(isIRI(?t)) "
                           "FILTER(?type NOT IN (<http://www.w3.org/2002/07/owl#NamedIndividual>, "
                           "<http://www.w3.org/2002/07/owl#Thing>)) }")).bound("t")
        if isinstance(given, ox.NamedNode) and given.value in kin:
            continue
        useful = [t for t in sorted(kin)[:40] if _gives_rows(
                  engine.query(bind(query, resolve_params(engine, query, {**values, param.name: ox.NamedNode(t)}))))]
        valid = ", ".join(_short(t) for t in useful or sorted(kin)) or "none in the graph"
        raise RotoError(f"query {query.name!r}: {param.name}={value!r} is not a term of the graph of the kind of "
                        f"{_short(default.value)}; values that give rows: {valid}")
