"""The drawing surface every figure shares: matplotlib's style for reproducible files,
a Canvas in inches, text measured and wrapped by the font, and the source line.

The SVG is byte-identical for the same graph: a fixed hash salt for ids, no date, text
kept as text in one font. PDF and EPS embed the font as TrueType (Type 42, as journals
ask) and carry no creation date; PNG and TIFF are 300 dpi rasters without a software or
date tag. Nothing here touches pyplot or the global backend, so a notebook's own
matplotlib setup is left alone.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.textpath import text_to_path

from ..canned import bind, get_query
from ..dimensions import Placement
from ..namespaces import REVIEW_IRI
from ..queries import select
from ..store import term_value

FONT = "DejaVu Sans"
SIZE = 8.0  # points: legible at a journal's column width
SMALL = 7.0
LINE = SIZE * 1.45 / 72  # inches per line of text
PNG_DPI = 300
MIN_TEXT = 5.0  # points: the smallest text a figure may be scaled to (journals ask for 5-7 pt)
# What each format writes about itself that would change from run to run.
METADATA = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None, "Producer": None},
            "eps": {}, "png": {"Software": None}}
if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType  # matplotlib >= 3.9

STYLE: dict[RcKeyType, Any] = {
    "svg.hashsalt": "roto",  # clip-path and marker ids from a fixed salt, not a random one
    "svg.fonttype": "none",  # labels stay searchable text, not glyph paths with hashed ids
    "pdf.fonttype": 42,  # the font embedded as TrueType, not Type 3 outlines
    "ps.fonttype": 42,
    "font.family": FONT,
    "font.size": SIZE,
}
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
INK, GREY, PALE, BAND = "#222222", "#777777", "#f4f4f4", "#e6e6e6"
BLUE, VERMILION, ORANGE = "#0072B2", "#D55E00", "#E69F00"


def local(iri_text: str) -> str:
    """The last path segment of an IRI, used in element ids: `model/open-dialogue` → `open-dialogue`."""
    return iri_text.rstrip("/").rsplit("/", 1)[-1]


@cache
def text_width(text: str, size: float = SIZE, weight: str = "normal") -> float:
    """Width of one line of text in inches, from the font's advance widths."""
    prop = FontProperties(family=FONT, size=size, weight=weight)
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


def _split(word: str) -> list[str]:
    """A word cut after each '/' inside it: `self-actualising/self-correcting` → 2 pieces."""
    return re.findall(r"[^/]+/?|/", word)


def wrap(text: str, width: float, size: float = SIZE) -> str:
    """`text` broken into lines that fit `width` inches: between words, and after a '/'
    inside a word too wide for a line of its own."""
    pieces = []
    for word in text.split():
        parts = [word] if text_width(word, size) <= width else _split(word)
        pieces += [(" " if i == 0 else "", part) for i, part in enumerate(parts)]
    lines: list[str] = []
    for separator, piece in pieces:
        if lines and text_width(lines[-1] + separator + piece, size) <= width:
            lines[-1] += separator + piece
        else:
            lines.append(piece)
    return "\n".join(lines)


def source_line(store, placed: list[Placement]) -> str:
    """The review the figure comes from, as a citation read from the graph, and which
    models (set in italics) come from other sources."""
    import pyoxigraph as ox

    _, rows = select(store, bind(get_query("figure-source"), {"review": ox.NamedNode(REVIEW_IRI)}))
    line = "Source: the review (no bibliographic record in the graph)."
    if rows:
        row = {k: term_value(v) for k, v in rows[0].items()}
        parts = [row["authors"], row["title"], row["citation"], row["identifier"]]
        line = "Source: " + ". ".join(p.rstrip(".") for p in parts if p) + "."
    added: dict[str, list[str]] = {}
    for p in placed:
        if p.source != REVIEW_IRI:
            added.setdefault(p.source_title or p.source or "a source without a record", []).append(p.label)
    if added:
        line += " In italics, models added from other sources, as those sources state them: " + "; ".join(
            f"{', '.join(labels)} ({title})" for title, labels in added.items()) + "."
    return line


def from_review(placed: list[Placement]) -> set[str]:
    """The IRIs of the models the review itself describes."""
    return {p.model for p in placed if p.source == REVIEW_IRI}


_STYLE_LOCK = threading.RLock()


@contextmanager
def styled() -> Iterator[None]:
    """ROTO's matplotlib settings for the duration, one thread at a time: `rc_context`
    changes matplotlib's global settings, so two threads drawing at once (`roto serve`)
    would each undo the other's and write random SVG ids."""
    with _STYLE_LOCK, matplotlib.rc_context(STYLE):
        yield


class Drawing(Figure):
    """A Figure that shows itself in a notebook (IPython calls `_repr_png_`), with no pyplot
    and whatever the notebook's matplotlib backend; `svg_style` is CSS its SVG carries
    besides matplotlib's own (`output.image`)."""

    svg_style = ""

    def _repr_png_(self) -> bytes:
        out = io.BytesIO()
        with styled():
            self.savefig(out, format="png", dpi=150, metadata=METADATA["png"])
        return out.getvalue()


@dataclass
class Canvas:
    """A figure whose one axes spans it, in inches with y growing downwards."""

    figure: Drawing
    width: float
    height: float

    @classmethod
    def sized(cls, width: float, height: float) -> Canvas:
        figure = Drawing(figsize=(width, height))
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, width)
        axes.set_ylim(height, 0)
        axes.set_axis_off()
        return cls(figure, width, height)

    @property
    def axes(self):
        return self.figure.axes[0]

    def text(self, x: float, y: float, s: str, gid: str | None = None, **style):
        style.setdefault("va", "center")
        return self.axes.text(x, y, s, gid=gid, **style)

    def dot(self, x: float, y: float, gid: str, filled: bool = True, color: str = INK, size: float = 6.5,
            solid: bool = False) -> Line2D:
        """A round marker; `solid`, a filled disc of the same outer size drawn without an edge:
        its colour is then the SVG's fill alone, which a stylesheet can change (matplotlib
        writes a marker's edge colour into a definition every marker of that look shares)."""
        edge = 0.0 if solid else 1.0  # points; half of it lies outside the marker's size
        return self.axes.add_line(Line2D([x], [y], marker="o", markersize=size + 1.0 - edge, linestyle="none", gid=gid,
                                         markerfacecolor=color if filled else "white", markeredgecolor=color,
                                         markeredgewidth=edge))

    def group(self, gid: str, members: list[Artist]) -> None:
        """Draw `members` (artists already on the axes) as one group: in SVG one `<g id=gid>`
        around theirs, so that a stylesheet can set them apart together."""
        for member in members:
            member.remove()  # off the axes' list, to be drawn by the group; it keeps its transform and clip
            member.axes = self.axes
            member.set_figure(self.figure)
        self.axes.add_artist(Group(gid, members))

    def footer(self, y: float, text: str) -> None:
        self.text(0.12, y, wrap(text, self.width - 0.24, SMALL), size=SMALL, color=GREY, va="top",
                  gid="caption", linespacing=1.35)


class Group(Artist):
    """Artists drawn together, in their own z-order, inside one renderer group named by the
    gid (in SVG, `<g id=gid>`); other formats draw them as if they stood on the axes."""

    def __init__(self, gid: str, members: list[Artist]) -> None:
        super().__init__()
        self.set_gid(gid)
        self.set_zorder(3)  # among the texts: the members are drawn where the labels are
        self.members = members

    def get_children(self) -> list[Artist]:
        return list(self.members)  # scaling (`output.scale`) finds them through this

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        gid = self.get_gid()
        renderer.open_group("group", gid=gid)
        for member in sorted(self.members, key=lambda a: a.get_zorder()):
            member.draw(renderer)
        renderer.close_group("group")
        self.stale = False


def footer_height(text: str, width: float) -> float:
    return (wrap(text, width - 0.24, SMALL).count("\n") + 1) * SMALL * 1.35 / 72 + 0.12
