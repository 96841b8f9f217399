"""Match what a person types ("peers", "decision", "Open dialogue") to an entity of the graph.

A value matches an entity by its IRI, its prefixed name, its path under the base
(`relationship/peers`), its local id or its label, case-insensitively, spaces and
hyphens alike; failing that, by an unambiguous prefix of the id or label. Anything else
is an error that lists the valid values, so a typo never silently matches nothing.

>>> entries = [Named("https://w3id.org/roto/resource/decision-making", "Patient's decision-making ability"),
...            Named("https://w3id.org/roto/resource/social-relationships", "Social relationships")]
>>> match(entries, "decision", "resource").id
'decision-making'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .engine import Engine
from .errors import RotoError
from .namespaces import BASE, PREFIXES


@dataclass(frozen=True)
class Named:
    """An entity a value can name: its IRI and label."""

    iri: str
    label: str

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
    unique = list(dict.fromkeys(found))
    valid = ", ".join(e.id for e in entries) or "none in the graph"
    if not unique:
        raise RotoError(f"unknown {what} {value!r}; valid values: {valid}")
    if len(unique) > 1:
        raise RotoError(f"ambiguous {what} {value!r}: it matches {', '.join(e.id for e in unique)}; valid values: {valid}")
    return unique[0]


def members(engine: Engine, classes: tuple[str, ...]) -> list[Named]:
    """The labelled members of any of `classes`, in the review's order where it has one."""
    import pyoxigraph as ox

    from .engine import solutions
    from .queries import bind, get_query

    answer = solutions(engine.query(bind(get_query("terms"), {"class": [ox.NamedNode(c) for c in classes]})))
    return [Named(iri, label) for iri, label in zip(answer.bound("term"), answer.bound("label"), strict=True)]


def resolve(engine: Engine, classes: tuple[str, ...], value: str, what: str) -> Named:
    """The member of `classes` that `value` names (see `match`)."""
    return match(members(engine, classes), value, what)
