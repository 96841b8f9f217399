"""The figures ROTO draws, by name, listed apart from `figures.py` so that commands and
pages can name them without importing matplotlib."""

from __future__ import annotations

import importlib.util

FIGURES = {
    "resources": "Table 1 as a dot matrix (filled = explicitly used, open = blank cell)",
    "relationships": "Table 2 as a dot matrix",
    "dimensions": "the models on reciprocity against where expertise lies",
    "network": "models linked to the resource and relationship types they explicitly use",
}


def can_draw() -> bool:
    """Whether matplotlib is installed (checked without importing it)."""
    return importlib.util.find_spec("matplotlib") is not None
