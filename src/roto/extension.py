"""The review plus a researcher's extension, read from the files named on the command line.

An extension is authoring-form TOML (new models, compiled with provenance like the
review's own files) or plain RDF (any syntax `rdf_files` reads: Turtle, RDF/XML,
N-Triples, N-Quads, TriG, JSON-LD) that may say anything about the review's entities.
TOML goes through `authoring`/`compiler`; RDF is read by `rdf_files` (the reader
`roto validate` uses: line:column errors, no external entities or remote contexts) and kept
in its own graph so that reports can tell the researcher's statements from the review's.
owl:imports in an extension are dropped: nothing is fetched because a document asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import OWL

from .authoring import Content, read_content
from .compiler import bind_prefixes, compile_content
from .rdf_files import SUFFIXES, parse_file, read_text, to_ntriples

TOML_SUFFIX = ".toml"
DATA_SUFFIXES = (TOML_SUFFIX, *SUFFIXES)


@dataclass
class Extended:
    """The compiled review (with any TOML additions) and the extension's RDF, kept apart."""

    content: Content
    dataset: Dataset
    toml: list[str] = field(default_factory=list)  # the extension's TOML files, as named
    rdf: dict[str, Graph] = field(default_factory=dict)  # the extension's RDF files -> their triples

    def from_extension(self, origin: str) -> bool:
        """Whether a statement read from `origin` is the researcher's rather than the review's."""
        return origin in self.toml or origin in self.rdf


def _read_rdf(path: Path) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    graph.parse(data=to_ntriples(parse_file(path)), format="nt")
    graph.remove((None, OWL.imports, None))
    return graph


def load(paths: list[Path] | tuple[Path, ...] = ()) -> Extended:
    """Compile the review plus `paths`: TOML files join the review's content, RDF files stay apart."""
    paths = [Path(p) for p in paths]
    for path in paths:
        read_text(path, DATA_SUFFIXES)  # exists, a known kind, UTF-8 text: checked before any work
    toml = [p for p in paths if p.suffix.lower() == TOML_SUFFIX]
    rdf = {str(p): _read_rdf(p) for p in paths if p.suffix.lower() != TOML_SUFFIX}
    content = read_content(toml)
    return Extended(content, compile_content(content), [str(p) for p in toml], rdf)
