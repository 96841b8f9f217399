"""Optional dependencies, imported on first use with a one-line hint when missing.

matplotlib (`roto-ontology[plot]`) draws figures; pandas (`roto-ontology[pandas]`) turns results into
DataFrames; python-docx and openpyxl (`roto-ontology[office]`) write tables for Word and Excel; shtab
(`roto-ontology[completion]`) writes the shell completion scripts; nanopub-sign
(`roto-ontology[nanopub]`) signs nanopublications.
Nothing else in ROTO imports them, so the other commands stay fast and work without them.
"""

from __future__ import annotations

import importlib

from ._version import DISTRIBUTION
from .errors import RotoError


class MissingDependency(RotoError, ImportError):
    """An optional package is not installed: one line for the CLI, an ImportError in a notebook."""


def _load(module: str, package: str, extra: str, what: str, distribution: str | None = None):
    """Import `module`; when the import of `package` fails, one line naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] == package:
            raise MissingDependency(f"{what} needs {distribution or package}, which is not installed: "
                                    f"pip install '{DISTRIBUTION}[{extra}]'") from None
        raise


def figures(what: str = "plotting"):
    """`roto.figures.output`, which draws and writes the figures (and imports matplotlib)."""
    return _load("roto.figures.output", "matplotlib", "plot", what)


def pandas(what: str = "to_frame()"):
    """The pandas module."""
    return _load("pandas", "pandas", "pandas", what)


def office(module: str, distribution: str, what: str):
    """python-docx (`module` "docx") or openpyxl, which write Word and Excel tables."""
    return _load(module, module, "office", what, distribution)
