"""What changed in the graph between two builds: statements added and removed, by kind.

A build is a release file (N-Quads, N-Triples, Turtle, ...) or `git:REV`, the committed
release/roto.nq of a git revision of this checkout. Graphs are compared as the union of
their named graphs; blank nodes are named by what they say (recursively, as the web
documents name them), so a class expression that did not change matches across builds
and one that did shows as removed and added. A statement's kind is its predicate, and for
rdf:type its class too, written with ROTO's prefixes. CHANGELOG.md's summaries are this.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import RotoError
from .loader import parse_quads
from .namespaces import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
GIT = "git:"
EMPTY = "none"  # the build before the first: no statements
RELEASE_DATASET = "release/roto.nq"


@dataclass(frozen=True)
class Change:
    kind: str
    added: int
    removed: int


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def kind(triple: ox.Triple) -> str:
    if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
        return f"a {_curie(triple.object.value)}"
    return _curie(triple.predicate.value)


def read_build(spec: str, checkout: Path) -> set[ox.Triple]:
    """The triples of a build: a file, `git:REV` (that revision's release/roto.nq) or `none`."""
    from .blank_nodes import stable_blank_nodes

    if spec == EMPTY:
        return set()
    if spec.startswith(GIT):
        revision = spec[len(GIT):]
        if not revision or revision.startswith("-"):
            raise RotoError(f"{spec!r}: give a git revision after git:, e.g. git:HEAD~1")
        try:
            shown = subprocess.run(["git", "show", f"{revision}:{RELEASE_DATASET}"], cwd=checkout, capture_output=True,
                                   timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RotoError(f"{spec}: cannot run git: {exc}") from None
        if shown.returncode != 0:
            reason = " ".join(shown.stderr.decode("utf-8", "replace").split())[:200]
            raise RotoError(f"{spec}: no {RELEASE_DATASET} at that revision ({reason})")
        try:
            quads = list(ox.parse(shown.stdout, format=ox.RdfFormat.N_QUADS))
        except SyntaxError as exc:
            raise RotoError(f"{spec}: not valid N-Quads: {' '.join(str(exc).split())[:200]}") from None
    else:
        quads = parse_quads(Path(spec))  # a researcher's file: the loader's checks and limits
    return set(stable_blank_nodes(list({ox.Triple(q.subject, q.predicate, q.object) for q in quads})))


def diff(old: set[ox.Triple], new: set[ox.Triple]) -> list[Change]:
    """Statements added and removed, counted by kind, in kind order."""
    added = Counter(kind(t) for t in new - old)
    removed = Counter(kind(t) for t in old - new)
    return [Change(k, added[k], removed[k]) for k in sorted(set(added) | set(removed))]


def markdown(changes: list[Change], old: str, new: str) -> str:
    """The summary CHANGELOG.md holds: totals, then a table of kinds."""
    added, removed = sum(c.added for c in changes), sum(c.removed for c in changes)
    lines = [f"Statements added: {added}; removed: {removed} (`roto diff {old} {new}`).", ""]
    if changes:
        lines += ["| kind of statement | added | removed |", "|---|---:|---:|"]
        lines += [f"| `{c.kind}` | {c.added} | {c.removed} |" for c in changes]
    return "\n".join(lines) + "\n"


BLOCK = re.compile(r"(<!-- roto diff (\S+) (\S+) -->\n)(.*?)(<!-- end roto diff -->)", re.S)


def refresh_changelog(text: str, checkout: Path) -> str:
    """CHANGELOG.md with each generated block (between `<!-- roto diff OLD NEW -->` and
    `<!-- end roto diff -->`) computed again; the rest is left as written."""
    def block(match: re.Match) -> str:
        old, new = match.group(2), match.group(3)
        summary = markdown(diff(read_build(old, checkout), read_build(new, checkout)), old, new)
        return match.group(1) + summary + match.group(5)
    return BLOCK.sub(block, text)
