"""ROTO's hand-curated links to other vocabularies, from `mappings/roto.sssom.tsv`.

The file is SSSOM (the metadata as `#`-prefixed YAML, then one mapping a row); it is
validated with sssom-py in the tests. The build reads only what it needs, without that
library: the `curie_map` of the metadata and the columns subject_id, predicate_id,
object_id and comment. Each row becomes a SKOS match triple in the graph `mappings`,
reified as an owl:Axiom with the curator's evidence type and the row's comment.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from .assets import asset_dir
from .build.triples import Triples
from .errors import RotoError
from .evidence_types import CURATOR_INFERENCE, annotated_axiom

PREDICATES = {f"skos:{name}": SKOS[name] for name in
              ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}


@dataclass(frozen=True)
class Mapping:
    subject: str
    predicate: str
    object: str
    object_label: str
    comment: str


def mapping_file() -> Path:
    return asset_dir("mappings") / "roto.sssom.tsv"


def _curie_map(metadata: list[str], path: Path) -> dict[str, str]:
    """The `curie_map:` block of the YAML metadata: two-space indented `prefix: iri` lines."""
    prefixes: dict[str, str] = {}
    inside = False
    for line in metadata:
        if line.startswith("curie_map:"):
            inside = True
        elif inside and line.startswith("  "):
            prefix, _, namespace = line.strip().partition(": ")
            prefixes[prefix] = namespace.strip()
        else:
            inside = False
    if not prefixes:
        raise RotoError(f"{path}: the SSSOM metadata has no curie_map")
    return prefixes


def _expand(curie: str, prefixes: dict[str, str], path: Path) -> str:
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in prefixes:
        raise RotoError(f"{path}: {curie!r} uses a prefix the curie_map does not declare")
    return prefixes[prefix] + local


def read_mappings(path: Path | None = None) -> list[Mapping]:
    """The mappings of the SSSOM file, CURIEs expanded to IRIs."""
    path = path or mapping_file()
    lines = path.read_text(encoding="utf-8").splitlines()
    metadata = [line[1:] for line in lines if line.startswith("#")]
    prefixes = _curie_map(metadata, path)
    rows = csv.DictReader([line for line in lines if not line.startswith("#")], delimiter="\t")
    mappings = []
    for row in rows:
        if row["predicate_id"] not in PREDICATES:
            raise RotoError(f"{path}: predicate {row['predicate_id']!r} is not a SKOS mapping relation")
        mappings.append(Mapping(_expand(row["subject_id"], prefixes, path), row["predicate_id"],
                                _expand(row["object_id"], prefixes, path), row.get("object_label") or "",
                                row.get("comment") or ""))
    return mappings


def add_mappings(graph: Graph | Triples, mappings: list[Mapping] | None = None) -> None:
    """The mappings as SKOS triples, each annotated with its evidence type and comment."""
    for m in read_mappings() if mappings is None else mappings:
        triple = (URIRef(m.subject), PREDICATES[m.predicate], URIRef(m.object))
        graph.add(triple)
        node = annotated_axiom(graph, triple, CURATOR_INFERENCE, "m")
        if m.comment:
            graph.add((node, RDFS.comment, Literal(m.comment, lang="en")))
