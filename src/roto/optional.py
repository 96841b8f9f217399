"""Optional dependencies, imported on first use with a one-line hint when missing.

matplotlib (`roto-ontology[plot]`) draws figures; pandas (`roto-ontology[pandas]`) turns results into
DataFrames. Nothing else in ROTO imports them, so the other commands stay fast and work
without them.
"""

from __future__ import annotations

import importlib

from ._version import DISTRIBUTION
from .errors import RotoError


class MissingDependency(RotoError, ImportError):
    """An optional package is not installed: one line for the CLI, an ImportError in a notebook."""


def _load(module: str, package: str, extra: str, what: str):
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] == package:
            raise MissingDependency(f"{what} needs {package}, which is not installed: pip install '{DISTRIBUTION}[{extra}]'") from None
        raise


def figures(what: str = "plotting"):
    """`roto.figures` (which imports matplotlib)."""
    return _load("roto.figures", "matplotlib", "plot", what)


def pandas(what: str = "to_frame()"):
    """The pandas module."""
    return _load("pandas", "pandas", "pandas", what)
