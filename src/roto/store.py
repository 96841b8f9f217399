"""The query engine: the built graph in an in-process pyoxigraph store (in memory, or for a
large project's release a prebuilt on-disk one opened read-only: `roto.disk_store`).

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

    return project_dataset(active())


def project_dataset(project) -> Path:
    """`built_dataset` of `project` (a `roto.project.Project`; None: the review)."""
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


def release_files(inferred: bool = False) -> list[Path]:
    """The release's N-Quads files a store holds: roto.nq, and with `inferred` the reasoner's conclusions."""
    return [built_dataset(), *([inferred_dataset()] if inferred else [])]


def open_release(files: list[Path]) -> ox.Store:
    """The store of the release `files`: read into memory when small (the review's), else a
    large project's prebuilt on-disk store opened read-only (see `roto.disk_store`)."""
    from .disk_store import open_data

    return open_data(files, lambda: _read(files))


def prebuild_release(inferred: bool = False) -> None:
    """Build the on-disk store of a large release now (`roto build`, `roto reason --save`), so
    that its first query is as fast as the next ones."""
    from .disk_store import prebuild

    prebuild(release_files(inferred))


def _read(files: list[Path]) -> ox.Store:
    store = ox.Store()
    for path in files:
        store.load(path=path, format=ox.RdfFormat.N_QUADS)
    return store


def open_store(*, inferred: bool = False) -> ox.Store:
    """The store of the built graph (`open_release`); with `inferred`, also the reasoner's
    conclusions in their own named graph."""
    return open_release(release_files(inferred))


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
