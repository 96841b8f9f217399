"""Locate the project's asset folders (ontology, review, shapes, queries, release).

In a wheel they are installed under roto/_assets; in a source checkout or an editable
install they are the top-level folders of the repository.
"""

from functools import cache
from pathlib import Path

from .errors import RotoError

_PACKAGE = Path(__file__).resolve().parent


@cache
def asset_dir(name: str) -> Path:
    """The folder `name` ("ontology", "review", "shapes", "queries", "release")."""
    for candidate in (_PACKAGE / "_assets" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ROTO asset folder {name!r} is missing from this installation")


def default_output(name: str, instead: str) -> Path:
    """The asset folder `name` as the place a command writes by default: in a source
    checkout, where `roto build` refreshes the committed release/; never inside an installed
    package, where the command is refused and told to write `instead`."""
    folder = asset_dir(name)
    if folder.is_relative_to(_PACKAGE):
        raise RotoError(f"this would write inside the installed package ({folder}): {instead}")
    return folder
