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


def built_dataset() -> Path:
    """The N-Quads release of the review graph (written by `roto build`)."""
    path = asset_dir("release") / DATASET_FILE
    if not path.is_file():
        raise RotoError(f"{path} is missing: run `roto build` first")
    return path


def open_store(nquads: bytes | None = None) -> ox.Store:
    """An in-memory store holding the built review graph, or the given N-Quads instead."""
    store = ox.Store()
    if nquads is None:
        store.load(path=built_dataset(), format=ox.RdfFormat.N_QUADS)
    else:
        store.load(input=nquads, format=ox.RdfFormat.N_QUADS)
    return store


def term_value(term: object) -> str | None:
    """Plain text of a pyoxigraph term (IRI, literal lexical form or blank-node id)."""
    if term is None:
        return None
    return term.value  # type: ignore[attr-defined]
