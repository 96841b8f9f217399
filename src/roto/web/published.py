"""What each IRI in ROTO's namespace that the release uses resolves to, for `roto serve`
and `roto site` alike.

- an entity or ontology term, or any other subject of the graph (a hedge on a statement):
  its description (`Catalogue.describe`); an entity of the active project's namespace too,
  under the project's prefix (`catalogue.name_of`);
- a named graph (`graph/assertions`, `graph/inferred`, a nanopublication's assertion,
  provenance, pubinfo or head): its triples;
- a nanopublication: what its head and pubinfo say about it, and the whole of it, its four
  graphs, in TriG and N-Quads;
- a node only the nanopublications name (a negative assertion's `…/ID/negation`, named
  there since the network refuses blank nodes): what they say about it.

The nanopublications are read from the release's TriG files into a store of their own, apart
from the endpoint's, so that no statement is counted twice in the endpoint.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..engine import store_select
from ..namespaces import RELEASE_FILES, VERSION_IRI
from ..store import release_dir
from .catalogue import Catalogue, iri_of, name_of
from .formats import DATASET_FORMATS, DOCUMENT_FORMATS, DocumentFormat

NP = "http://www.nanopub.org/nschema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PARTS = tuple(ox.NamedNode(NP + p) for p in ("hasAssertion", "hasProvenance", "hasPublicationInfo"))


def iri_name(stem: str) -> str:
    """The inverse of `document_stem`."""
    return stem.removesuffix("index") if stem.endswith("/index") else stem


def served_files(warn: bool = True) -> list[Path]:
    """The release files of the endpoint's dataset: the review's graphs and the inferred graph.
    Without a current inferred graph (`roto reason --save` not run since `roto build`: it needs
    Java) the rest is served, with a warning on stderr, rather than nothing."""
    import sys

    from ..errors import RotoError
    from ..store import release_files

    try:
        return release_files(inferred=True)
    except RotoError as exc:
        if warn:
            print(f"roto: warning: the inferred graph is not published: {exc}", file=sys.stderr, flush=True)
        return release_files()


def served_dataset(warn: bool = True, store: ox.Store | None = None) -> ox.Store:
    """The endpoint's dataset (`served_files`), in a store: `store` itself when it is the
    store of the same files (`roto.store.open_store`: no inferred graph to add), so that a
    release read into memory is not read, and held, twice."""
    from ..store import open_release, release_files

    files = served_files(warn)
    return store if store is not None and files == release_files() else open_release(files)


def nanopub_store() -> ox.Store:
    """The release's TriG files (its nanopublications), loaded."""
    store = ox.Store()
    for name in RELEASE_FILES:
        if name.endswith(".trig") and (path := release_dir() / name).is_file():
            store.load(path=path, format=ox.RdfFormat.TRIG)
    return store


def _subjects(store: ox.Store) -> list[str]:
    """Every IRI that is the subject of a triple in `store`: the engine keeps one of each and
    decodes only the subject, where reading every quad took seconds on a large project."""
    rows = store_select(store, "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }", use_default_graph_as_union=True)
    return [row[0].value for row in rows]


class Published:
    """Every resolvable IRI by its name (`catalogue.name_of`: "graph/assertions"), and its documents."""

    def __init__(self, catalogue: Catalogue, dataset: ox.Store, nanopubs: ox.Store | None = None) -> None:
        """`dataset`: the endpoint's store (the review's graphs and the inferred graph);
        `nanopubs`: the nanopublications' (by default read from the release when first
        needed: a large project's take seconds to read, which a start should not wait for)."""
        self.catalogue = catalogue
        self.dataset = dataset
        if nanopubs is not None:
            self.nanopubs = nanopubs

    @cached_property
    def nanopubs(self) -> ox.Store:
        return nanopub_store()

    @cached_property
    def heads(self) -> dict[str, ox.NamedNode]:
        """Each nanopublication's IRI -> its head graph."""
        return {q.subject.value: q.graph_name
                for q in self.nanopubs.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(NP + "Nanopublication"))
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.graph_name, ox.NamedNode)}

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Name -> "entity", "graph", "nanopublication", "subject" or "node" (a subject only
        the nanopublications state)."""
        kinds = dict.fromkeys(self.catalogue.served_iris(), "entity")
        kinds.update(dict.fromkeys(self.heads, "nanopublication"))
        for store in (self.dataset, self.nanopubs):
            for graph in store.named_graphs():
                kinds.setdefault(graph.value, "graph")
        for store, kind in ((self.catalogue.store, "subject"), (self.nanopubs, "node")):
            for subject in _subjects(store):
                kinds.setdefault(subject, kind)
        kinds.pop(VERSION_IRI, None)  # the version IRI resolves to the release files (app, site)
        return {name: kind for iri, kind in kinds.items() if "#" not in iri and (name := name_of(iri)) is not None}

    def formats(self, name: str) -> tuple[DocumentFormat, ...]:
        """The syntaxes the IRI at `name` is offered in, HTML first."""
        return (*DOCUMENT_FORMATS, *DATASET_FORMATS) if self.kinds.get(name) == "nanopublication" else DOCUMENT_FORMATS

    def triples(self, name: str) -> list[ox.Triple]:
        iri = ox.NamedNode(iri_of(name))
        kind = self.kinds[name]
        if kind == "graph":
            store = self.dataset if any(True for _ in self.dataset.quads_for_pattern(None, None, None, iri)) else self.nanopubs
            return [q.triple for q in store.quads_for_pattern(None, None, None, iri)]
        if kind in ("nanopublication", "node"):
            return list(dict.fromkeys(q.triple for q in self.nanopubs.quads_for_pattern(iri, None, None)))
        return self.catalogue.describe(iri.value)

    def quads(self, name: str) -> list[ox.Quad]:
        """A nanopublication whole: its head graph and the graphs the head names."""
        head = self.heads[iri_of(name)]
        graphs = [head, *(q.object for q in self.nanopubs.quads_for_pattern(None, None, None, head)
                          if q.predicate in PARTS and isinstance(q.object, ox.NamedNode))]
        return [q for graph in graphs for q in self.nanopubs.quads_for_pattern(None, None, None, graph)]
