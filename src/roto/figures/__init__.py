"""Figures of the review's framework: one registry, drawn with matplotlib on demand.

`registry.py` lists every figure (name, title, what it draws, the queries behind it,
whether a model's page shows it) and imports nothing heavy; `canvas.py`, `drawings.py`
and `output.py` draw and write them and import matplotlib, so only asking for a figure
(`roto plot`, `kg.plot()`, a figure of `roto serve` or `roto site`) loads it. `plot`,
`figure`, `render` and `parse_width` are reachable from here and import it on first use.
"""

from __future__ import annotations

from .registry import FIGURES, FORMATS, FigureSpec, can_draw

_DRAWING = ("figure", "parse_width", "plot", "render")


def __getattr__(name: str):
    if name in _DRAWING:
        from . import output

        return getattr(output, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FIGURES", "FORMATS", "FigureSpec", "can_draw", "figure", "parse_width", "plot", "render"]
