"""The query engine: the built graph loaded into an in-process pyoxigraph store.

Queries run here, not through rdflib: loading the release N-Quads and answering a canned
query takes milliseconds, where importing rdflib alone takes a quarter of a second.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .assets import asset_dir
from .errors import RotoError

DATASET_FILE = "roto.nq"
# `roto reason --save` writes HermiT's conclusions here, so that `--inferred` queries need
# neither Java nor rdflib. Its first line records the digest of the roto.nq it came from.
INFERRED_FILE = "roto-inferred.nq"
INFERRED_HEADER = "# inferred by HermiT (roto reason --save) from roto.nq with sha256 "


def release_dir() -> Path:
    """Where the release files are: the active project's release/ (see `roto.project`), or the review's."""
    from .project import active

    project = active()
    return project.release if project is not None else asset_dir("release")


def built_dataset() -> Path:
    """The N-Quads release of the graph (written by `roto build`): the review's, or the active
    project's, which must be newer than every file it is built from."""
    from .project import active

    project = active()
    path = (project.release if project is not None else asset_dir("release")) / DATASET_FILE
    if not path.is_file():
        raise RotoError(f"{path} is missing: run `roto build` first")
    if project is not None:
        built = path.stat().st_mtime_ns
        newer = [p for p in project.inputs() if p.stat().st_mtime_ns > built]
        if newer:
            raise RotoError(f"{path} is older than {newer[0]}: run `roto build` to rebuild the project")
    return path


def digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def inferred_dataset() -> Path:
    """The saved inferred graph, checked to come from the current roto.nq."""
    path = release_dir() / INFERRED_FILE
    if not path.is_file():
        raise RotoError(f"{path} is missing: run `roto reason --save` first")
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n")
    if header != INFERRED_HEADER + digest(built_dataset()):
        raise RotoError(f"{path} is stale (the graph was rebuilt since): run `roto reason --save`")
    return path


def open_store(nquads: bytes | None = None, *, inferred: bool = False) -> ox.Store:
    """An in-memory store holding the built review graph, or the given N-Quads instead;
    with `inferred`, also the reasoner's conclusions in their own named graph."""
    store = ox.Store()
    if nquads is None:
        store.load(path=built_dataset(), format=ox.RdfFormat.N_QUADS)
    else:
        store.load(input=nquads, format=ox.RdfFormat.N_QUADS)
    if inferred:
        store.load(path=inferred_dataset(), format=ox.RdfFormat.N_QUADS)
    return store


def term_value(term: object) -> str | None:
    """Plain text of a pyoxigraph term (IRI, literal lexical form or blank-node id)."""
    if term is None:
        return None
    return term.value  # type: ignore[attr-defined]


def bound_value(term: object) -> str:
    """`term_value` of a variable every solution of the query binds (RotoError if one does not)."""
    value = term_value(term)
    if value is None:
        raise RotoError("a query left a variable unbound that each of its rows must bind")
    return value
