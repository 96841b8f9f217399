"""Every example in a docstring under src/roto runs and gives the output it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import roto


def modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(roto.__path__, "roto.") if m.name != "roto.__main__")


@pytest.mark.parametrize("name", modules())
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples in {name} failed (see the output above)"


def test_the_examples_are_found():
    """A guard against the collector silently finding nothing."""
    finder = doctest.DocTestFinder()
    assert any(t.examples for name in modules() for t in finder.find(importlib.import_module(name)))
