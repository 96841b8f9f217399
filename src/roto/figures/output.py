"""A figure of the registry drawn and written: as a matplotlib Figure for a notebook, as
bytes (SVG, PNG, PDF, EPS, TIFF) for the pages, or as a file for `roto plot`; scaled whole
to a journal's width, with or without its title. Importing this imports matplotlib.
"""

from __future__ import annotations

import io
import logging
import math
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from ..errors import RotoError
from ..namespaces import BASE
from ..store import open_store
from . import drawings
from .canvas import METADATA, MIN_TEXT, PNG_DPI, SIZE, styled
from .registry import FIGURES, FORMATS


def draw(name: str, store, highlight: str | None = None) -> Figure:
    """The figure `name` (a key of FIGURES) for the graph in `store`; `highlight` is a model
    IRI whose row, point or box stands out (for that model's page)."""
    spec = FIGURES.get(name)
    if spec is None:
        raise RotoError(f"unknown figure {name!r}; choose one of: {', '.join(FIGURES)}")
    return getattr(drawings, spec.drawer)(spec, store, highlight)


def figure_format(path: Path) -> str:
    """"svg", "png", "pdf", "eps" or "tiff" from the file's suffix."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise RotoError(f"{path}: cannot tell the image format from the suffix; use "
                        + ", ".join(FORMATS))
    return fmt


def parse_width(text: str) -> float:
    """A width such as "85mm", "8.5cm" or "3.5in" in inches."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in)\s*", text)
    if not match or float(match[1]) <= 0:
        raise RotoError(f"--width {text!r}: write a number and a unit, e.g. 85mm, 17.6cm or 3.5in")
    return float(match[1]) / {"mm": 25.4, "cm": 2.54, "in": 1.0}[match[2]]


def scale(figure: Figure, width: float, name: str) -> None:
    """Scale `figure` as a whole to `width` inches: sizes, text, lines and markers alike, so
    the layout is the one drawn; refused when its smallest text would fall below MIN_TEXT."""
    factor = width / figure.get_figwidth()
    texts: list[Any] = figure.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "set_fontsize"))  # by what they do
    smallest = min((t.get_fontsize() for t in texts if t.get_text()), default=SIZE)
    if smallest * factor < MIN_TEXT:
        least = figure.get_figwidth() * MIN_TEXT / smallest
        mm, inches = math.ceil(least * 25.4 - 1e-6), math.ceil(least * 100 - 1e-6) / 100  # rounded up: enough
        raise RotoError(f"at that width the {name} figure's smallest text would be {smallest * factor:.1f} pt; "
                        f"the least is {MIN_TEXT:g} pt: use at least {mm}mm ({inches:.2f}in)")
    figure.set_size_inches(width, figure.get_figheight() * factor)
    for text in texts:
        text.set_fontsize(text.get_fontsize() * factor)
    lined: list[Any] = figure.findobj(lambda a: a is not figure and hasattr(a, "set_linewidth"))
    for artist in lined:
        artist.set_linewidth(artist.get_linewidth() * factor)
    for line in figure.findobj(Line2D):
        line.set_markersize(line.get_markersize() * factor)
        line.set_markeredgewidth(line.get_markeredgewidth() * factor)
    for arrow in figure.findobj(FancyArrowPatch):
        arrow.set_mutation_scale(arrow.get_mutation_scale() * factor)


def drop_title(figure: Figure) -> None:
    """Remove the figure's title (a journal sets its own caption) and the band it stood in."""
    axes = figure.axes[0]
    for text in axes.texts:
        if text.get_gid() == "title":
            text.remove()
    bottom, top = axes.get_ylim()
    cut = 0.2  # inches: the title's line, above everything else drawn
    axes.set_ylim(bottom, top + cut)
    figure.set_size_inches(figure.get_figwidth(), figure.get_figheight() - cut)


def model_iri(store, name: str) -> str:
    """The IRI of the model `name` gives: an IRI, or a label, id or unambiguous prefix."""
    if name.startswith(BASE):
        return name
    from ..engine import LocalEngine
    from ..matching import resolve

    return resolve(LocalEngine(store), (BASE + "TherapeuticModel",), name, "model").iri


def figure(name: str, store=None, highlight: str | None = None, width: float | None = None,
           title: bool = True) -> Figure:
    """Figure `name` as a matplotlib Figure (it shows itself in a notebook); `width` in
    inches scales it whole, `title=False` leaves the title out."""
    store = store if store is not None else open_store()
    highlight = model_iri(store, highlight) if highlight else None
    with styled():
        drawn = draw(name, store, highlight)
    if not title:
        drop_title(drawn)
    if width is not None:
        scale(drawn, width, name)
    return drawn


def render(name: str, fmt: str, store=None, highlight: str | None = None, width: float | None = None,
           title: bool = True) -> bytes:
    """The figure as SVG, PNG, PDF, EPS or TIFF bytes; the same graph always gives the same
    SVG, PDF and EPS bytes. `highlight` names a model (IRI, label, id or prefix) to set apart."""
    _check_format(fmt)
    return image(figure(name, store, highlight, width, title), fmt)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS.values():
        raise RotoError(f"unknown image format {fmt!r}; choose one of: {', '.join(dict.fromkeys(FORMATS.values()))}")


def image(drawn: Figure, fmt: str) -> bytes:
    """A drawn figure (`figure`) as `render` writes it: one drawing gives each format's bytes,
    the same as drawing it again for each."""
    _check_format(fmt)
    out = io.BytesIO()
    extra = {"pil_kwargs": {"compression": "tiff_lzw"}} if fmt == "tiff" else {"metadata": METADATA[fmt]}
    with styled(), _quiet("matplotlib.backends.backend_ps"):
        # EPS has no transparency: the pale fills come out opaque, as drawn over white anyway
        drawn.savefig(out, format=fmt, dpi=PNG_DPI, **extra)
    if fmt == "eps":  # matplotlib always dates EPS files: the optional DSC comment is left out
        return re.sub(rb"%%CreationDate: [^\n]*\n", b"", out.getvalue(), count=1)
    style = getattr(drawn, "svg_style", "") if fmt == "svg" else ""
    if style:  # after matplotlib's own rules, in its one <style>
        return out.getvalue().replace(b"</style>", b"\n" + style.encode() + b"</style>", 1)
    return out.getvalue()


@contextmanager
def _quiet(logger: str):
    """Silence one logger's warnings for the duration (a backend's notes are not the user's business)."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def plot(name: str, path: str | Path, store=None, highlight: str | None = None, width: float | None = None,
         title: bool = True) -> Path:
    """Write figure `name` to `path` (its suffix gives the format) in one step; returns the path.

    >>> import tempfile, pathlib
    >>> out = plot("dimensions", pathlib.Path(tempfile.mkdtemp()) / "dimensions.svg")
    >>> "Peer support workers" in out.read_text()
    True
    """
    from ..files import write_atomic

    path = Path(path)
    data = render(name, figure_format(path), store, highlight, width, title)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise RotoError(f"{path}: cannot write the figure: {exc.strerror or exc}") from None
    return path


__all__ = ["draw", "figure", "figure_format", "image", "parse_width", "plot", "render"]
