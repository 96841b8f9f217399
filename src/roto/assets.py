"""Locate the project's asset folders (ontology, review, shapes, queries, release).

In a wheel they are installed under roto/_assets; in a source checkout or an editable
install they are the top-level folders of the repository.
"""

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def asset_dir(name: str) -> Path:
    """The folder `name` ("ontology", "review", "shapes", "queries", "release")."""
    for candidate in (_PACKAGE / "_assets" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ROTO asset folder {name!r} is missing from this installation")
