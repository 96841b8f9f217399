"""The shape fixtures: tests/shapes/base.ttl (or the review) changed by one SPARQL Update.

Each `.ru` file in tests/shapes/valid/ and tests/shapes/invalid/ starts with comments:
`# base: review` (optional; the default base is base.ttl), `# breaks:` or `# keeps:` (what
the change does) and one `# expect: SEVERITY COMPONENT FOCUS [PATH or SHAPE]` line per
result it must produce, with the prefixes of base.ttl and ROTO. A valid fixture expects
no violation; an invalid one at least one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

SHAPES_DIR = Path(__file__).parent / "shapes"
BASE = SHAPES_DIR / "base.ttl"
SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Fixture:
    path: Path
    on_review: bool
    expected: frozenset
    update: str | None

    @property
    def id(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"

    @property
    def valid(self) -> bool:
        return self.path.parent.name == "valid"


@functools.cache
def namespaces() -> dict[str, str]:
    from roto.namespaces import PREFIXES

    declared = {prefix: str(ns) for prefix, ns in Graph().parse(BASE).namespaces()}
    return {**PREFIXES, **declared, "shape": "https://w3id.org/roto/shapes#"}


def expand(curie: str) -> str:
    if curie.startswith("<") and curie.endswith(">"):
        return curie[1:-1]
    prefix, local = curie.split(":", 1)
    return namespaces()[prefix] + local


def read_fixture(path: Path) -> Fixture:
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = set()
    for line in lines:
        if line.startswith("# expect:"):
            severity, component, focus, *rest = line.split(":", 1)[1].split()
            expected.add((severity, component, expand(focus), expand(rest[0]) if rest else None))
    body = "\n".join(line for line in lines if not line.startswith("#")).strip()
    return Fixture(path, "# base: review" in lines, frozenset(expected), body or None)


def all_fixtures() -> list[Fixture]:
    return [read_fixture(p) for folder in ("valid", "invalid") for p in sorted((SHAPES_DIR / folder).glob("*.ru"))]


def fixture_graph(fixture: Fixture) -> Graph:
    """The graph a fixture describes: its base (with the ontology) after its update, on a
    copy of the base, which is read (the ontology parsed, the review compiled) only once."""
    base = base_data(fixture.on_review)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in base.namespaces():
        graph.bind(prefix, namespace)
    graph += base
    if fixture.update:
        graph.update(fixture.update, initNs=namespaces())
    return graph


@functools.cache
def base_data(on_review: bool) -> Graph:
    """`load_data()`'s graph of the review, or base.ttl's with the ontology: read once, never
    changed (fixtures copy it)."""
    from roto.check import load_data

    return (load_data() if on_review else load_data([BASE], with_review=False))[0]


@functools.cache
def shapes(on_review: bool) -> Graph:
    from roto.check import load_shapes

    return load_shapes(with_review=on_review)


def result_key(result) -> tuple:
    """What a fixture's `# expect:` line names: severity, component, focus, path or shape."""
    component = result.component.removesuffix("ConstraintComponent")
    detail = result.shape if component == "SPARQL" else result.path
    return (result.severity, component, result.focus, detail)
