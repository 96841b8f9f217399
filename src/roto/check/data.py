"""What to check: the review plus a researcher's files, and which file said what.

`load_data()` reads TOML files in the authoring form and RDF files with `loader` (as every
command reads them) and keeps `Origins`, so a result can name the file to fix.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from ..assets import asset_dir
from ..authoring import Content
from ..errors import RotoError
from ..loader import TOML_SUFFIX, Extended, check_files, load, parse_file, rdflib_graph
from ..namespaces import BASE

if TYPE_CHECKING:
    from ..forked import Forked, Stream
    from .store_data import Part, StoreData

STATEMENT_ID = URIRef(BASE + "statementId")
# Statements read above which `load_store` compiles on both cores (`_BothCores`): about 200
# models beside the review; below, a second process gains less than it costs.
BOTH_CORES_ABOVE = 3_000


def shown(path: str | Path) -> str:
    """A file name as a person typed it: relative to the working folder when inside it."""
    text = str(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:
        return text
    return text if relative.startswith("..") else relative


@dataclass
class Origins:
    """Which file said what: entity IRIs and statement ids, and triples of RDF files."""

    files: dict[str, str] = field(default_factory=dict)
    triples: dict[tuple, str] = field(default_factory=dict)

    def add_content(self, content) -> None:
        names: dict = {}  # each file's name worked out once (thousands of statements share one)
        for entity in content.entities.values():
            self.files[entity.iri] = names.get(entity.origin) or names.setdefault(entity.origin, shown(entity.origin))
        for statement in content.statements:
            self.files[statement.id] = names.get(statement.origin) or names.setdefault(statement.origin,
                                                                                      shown(statement.origin))

    def add_graph(self, graph: Graph, path: str | Path) -> None:
        name = shown(path)
        for s, p, o in graph:
            self.triples[(s, p, o)] = name
            key = str(o) if p == STATEMENT_ID else str(s) if isinstance(s, URIRef) else None
            if key is not None:
                self.files.setdefault(key, name)

    def file_of_node(self, graph: Graph | StoreData, node) -> str | None:
        """The file that made the node: its statement id's or its IRI's."""
        key = graph.value(node, STATEMENT_ID)
        return self.files.get(str(key if key is not None else node))

    def file_of(self, graph: Graph | StoreData, focus, path, value) -> str | None:
        """The file of the offending triple where known (the one value, or the only file
        giving values of the path), else the focus node's file."""
        if isinstance(path, URIRef):
            values = [value] if value is not None else list(graph.objects(focus, path))
            files = {self.triples[(focus, path, v)] for v in values if (focus, path, v) in self.triples}
            if len(files) == 1:
                return files.pop()
        return self.file_of_node(graph, focus)


def _ontology_graph() -> Graph:
    graph = Graph()
    for path in sorted(asset_dir("ontology").glob("*.ttl")):
        graph += rdflib_graph(parse_file(path))
    return graph


def load_data(paths: list[Path] | tuple[Path, ...] = (), with_review: bool = True, project=...) -> tuple[Graph, Origins]:
    """The graph to check and where its statements came from.

    TOML files are read with the review's authored files and compiled by the one compiler;
    RDF files are merged in as they are. With `with_review=False`, RDF files are merged with
    the ontology only. `project`: see `roto.loader.load` (by default the active one).
    """
    if with_review:
        extended, origins = _extended(paths, project)
        return extended.graph(), origins
    return _without_review(paths)


def load_store(paths: list[Path] | tuple[Path, ...] = (), project=...) -> tuple[StoreData, Origins]:
    """`load_data()` of the review plus `paths`, held by pyoxigraph (no rdflib Graph of the
    data is made: the compiled engine needs none). In a project, what its cache of compiled
    triples holds is not compiled again (`roto.check.triples_cache`)."""
    if project is ...:
        from ..project import active

        project = active()
    with _uncollected():
        return _held(paths, project)


@contextmanager
def _uncollected() -> Iterator[None]:
    """Python's cyclic garbage collector off: loading makes millions of objects and frees none
    in cycles, and the collector's passes over them, longer as they grow, were nearly half of
    compiling 10,000 models."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _held(paths, project) -> tuple[StoreData, Origins]:
    from .store_data import StoreData
    from .triples_cache import TriplesCache

    cache = TriplesCache.of(project)
    if cache is None:
        with _BothCores() as compile:
            extended, origins = _extended(paths, project, compile)
            data = StoreData(chain(*extended.graphs.values(), *extended.rdf.values()))
            compile.add_to(data)
        return data, origins
    extended, origins = _extended(paths, project, cache)
    triples = chain(*extended.graphs.values(), *extended.rdf.values())
    try:
        data = StoreData(triples, cache.cached)
    except SyntaxError:  # an entry whole but not N-Triples: none is used, each made again
        cache = TriplesCache(cache.folder, trusted=False)
        extended, origins = _extended(paths, project, cache)
        data = StoreData(chain(*extended.graphs.values(), *extended.rdf.values()))
    cache.keep(data.convert)
    return data, origins


class _BothCores(ExitStack):
    """A `compile` for `roto.loader.load` (as `TriplesCache` is one): content of more than
    BOTH_CORES_ABOVE statements is compiled by a forked child that also writes its triples as
    N-Triples (`StoreData.part`), sent a chunk at a time (`roto.forked.Stream`), while this
    process notes where each record came from; `add_to` then puts the chunks in the store as
    they come. Putting the triples in the store takes this process about as long as compiling
    and writing them takes the child (at 10,000 models), so the two overlap: a share of the
    compile kept here made this process the one the other waited for."""

    child: Forked[Part] | None = None
    pieces: Stream

    def __call__(self, content: Content) -> dict:
        from ..build.compiler import compile_graphs
        from ..forked import Forked, Stream, can_fork

        if len(content.statements) <= BOTH_CORES_ABOVE or not can_fork():
            return compile_graphs(content)
        from .store_data import StoreData

        self.pieces = Stream()
        self.callback(self.pieces.close)
        send = self.pieces.send
        self.child = self.enter_context(Forked(lambda: StoreData.part(chain(*compile_graphs(content).values()), send)))
        self.pieces.forked()
        return {}  # the graphs are the child's: `add_to` holds them

    def add_to(self, data: StoreData) -> None:
        if self.child is not None:
            data.read(self.pieces)  # as the child sends them
            data.add(self.child.result())


def _extended(paths, project, compile=None) -> tuple[Extended, Origins]:
    extended = load(paths, project, compile)
    origins = Origins()
    origins.add_content(extended.content)
    for name, part in extended.rdf.items():
        origins.add_graph(part, name)
    return extended, origins


def _without_review(paths) -> tuple[Graph, Origins]:
    origins = Origins()
    paths = check_files(paths)
    if any(p.suffix.lower() == TOML_SUFFIX for p in paths):
        raise RotoError("TOML files are always read together with the review's own files")
    graph = _ontology_graph()
    for path in paths:
        part = rdflib_graph(parse_file(path), path)
        origins.add_graph(part, path)
        graph += part
    return graph, origins
