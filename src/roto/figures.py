"""Figures of the review's framework, drawn with matplotlib from query results.

`resources` and `relationships` are Table 1 and Table 2 as dot matrices; `dimensions` puts
the models on reciprocity against where expertise lies; `network` links the models to the
resource and relationship types they explicitly use. Everything drawn comes from SPARQL
over the store (never from the authored files), so a researcher's added model appears too.

The SVG is byte-identical for the same graph: a fixed hash salt for ids, no date, text
kept as text in one font. PDF and EPS embed the font as TrueType (Type 42, as journals
ask) and carry no creation date, so they too are the same bytes for the same graph; PNG
and TIFF are 300 dpi rasters without a software or date tag. Importing this module imports matplotlib, so the CLI and the
notebook API import it only when asked to plot; it never touches pyplot or the global
backend, so a notebook's own matplotlib setup is left alone.
"""

from __future__ import annotations

import io
import logging
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.textpath import text_to_path

from .dimensions import Placement, axis_values, placements
from .errors import RotoError
from .namespaces import BASE, REVIEW_IRI, iri
from .queries import bind, get_query, select
from .store import open_store, term_value
from .tables import table_cells

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType  # matplotlib >= 3.9

FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".eps": "eps", ".tif": "tiff", ".tiff": "tiff"}

FONT = "DejaVu Sans"
SIZE = 8.0  # points: legible at a journal's column width
SMALL = 7.0
LINE = SIZE * 1.45 / 72  # inches per line of text
PNG_DPI = 300
MIN_TEXT = 5.0  # points: the smallest text a figure may be scaled to (journals ask for 5-7 pt)
# What each format writes about itself that would change from run to run.
METADATA = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None, "Producer": None},
            "eps": {}, "png": {"Software": None}}
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
LEANS_RECIPROCAL = iri("qualifier", "leans-reciprocal")


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


class Drawing(Figure):
    """A Figure that shows itself in a notebook (IPython calls `_repr_png_`), with no pyplot
    and whatever the notebook's matplotlib backend."""

    def _repr_png_(self) -> bytes:
        out = io.BytesIO()
        with matplotlib.rc_context(STYLE):
            self.savefig(out, format="png", dpi=150, metadata=METADATA["png"])
        return out.getvalue()


@dataclass
class Canvas:
    """A figure whose one axes spans it, in inches with y growing downwards."""

    figure: Figure
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

    def dot(self, x: float, y: float, gid: str, filled: bool = True, color: str = INK, size: float = 6.5):
        self.axes.add_line(Line2D([x], [y], marker="o", markersize=size, linestyle="none", gid=gid,
                                  markerfacecolor=color if filled else "white", markeredgecolor=color,
                                  markeredgewidth=1.0))

    def footer(self, y: float, text: str) -> None:
        self.text(0.12, y, wrap(text, self.width - 0.24, SMALL), size=SMALL, color=GREY, va="top",
                  gid="caption", linespacing=1.35)


def footer_height(text: str, width: float) -> float:
    return (wrap(text, width - 0.24, SMALL).count("\n") + 1) * SMALL * 1.35 / 72 + 0.12


# -- Table 1 and Table 2 --------------------------------------------------------------

TABLE_TITLES = {
    "resources": "Resources each model explicitly uses (Table 1 of the review)",
    "relationships": "Relationship types each model explicitly uses (Table 2 of the review)",
}


def draw_table(name: str, store, highlight: str | None = None) -> Figure:
    """A review table as a dot matrix: filled = explicitly used, open = the review's blank cell."""
    cells = table_cells(name, store)
    models = list(dict.fromkeys((c.model, c.model_label) for c in cells))
    columns = list(dict.fromkeys((c.column, c.column_label) for c in cells))
    widest_piece = max(text_width(piece, SMALL) for _, label in columns for word in label.split() for piece in _split(word))
    column_width, row_height = max(0.8, widest_piece + 0.08), 0.24
    left = max(text_width(label) for _, label in models) + 0.25
    headers = [wrap(label, column_width - 0.06, SMALL) for _, label in columns]
    header_height = max(h.count("\n") + 1 for h in headers) * SMALL * 1.3 / 72 + 0.12
    width = max(left + column_width * len(columns) + 0.15, 4.6)
    placed = placements(store)
    reviewed = from_review(placed)
    source = source_line(store, placed)
    legend = ["explicitly used", "blank cell: not explicitly used according to the review (or the model's source)"
              if len(reviewed) < len(models) else "blank cell: not explicitly used according to the review"]
    hedged = any(c.qualified for c in cells)
    if hedged:
        legend.append("* the review's text hedges the cell or makes it a joint claim (notes: roto table)")
    if any(c.value == "unstated" for c in cells):
        legend.append("not stated")
    top = 0.2 + LINE + 0.1
    grid_top = top + header_height
    grid_bottom = grid_top + row_height * len(models)
    height = grid_bottom + 0.15 + LINE * len(legend) + 0.1 + footer_height(source, width)
    canvas = Canvas.sized(width, height)
    canvas.text(0.12, 0.2, TABLE_TITLES[name], weight="bold", gid="title")
    row_of = {model: i for i, (model, _) in enumerate(models)}
    x_of = {column: left + column_width * (j + 0.5) for j, (column, _) in enumerate(columns)}
    for (column, _), header in zip(columns, headers, strict=True):
        canvas.text(x_of[column], grid_top - 0.08, header, ha="center", va="bottom", size=SMALL, linespacing=1.3,
                    gid=f"column-{local(column)}")
    for i, (model, label) in enumerate(models):
        y = grid_top + row_height * (i + 0.5)
        if model == highlight:
            canvas.axes.add_patch(Rectangle((0.05, y - row_height / 2), width - 0.1, row_height, color=ORANGE,
                                            alpha=0.25, linewidth=0, gid="highlight"))
        elif i % 2 == 0:
            canvas.axes.add_patch(Rectangle((0.05, y - row_height / 2), width - 0.1, row_height, color=PALE, linewidth=0))
        canvas.text(left - 0.15, y, label, ha="right", gid=f"model-{local(model)}",
                    weight="bold" if model == highlight else "normal", style="normal" if model in reviewed else "italic")
    for cell in cells:
        x, y = x_of[cell.column], grid_top + row_height * (row_of[cell.model] + 0.5)
        gid = f"cell-{local(cell.model)}-{local(cell.column)}-{cell.value.lower()}"
        if cell.value == "unstated":
            canvas.axes.add_line(Line2D([x], [y], marker="_", markersize=7, color=GREY, linestyle="none", gid=gid))
        else:
            canvas.dot(x, y, gid, filled=cell.value == "Yes")
        if cell.qualified:
            canvas.text(x + 0.08, y - 0.05, "*", size=SMALL, weight="bold", gid=f"hedge-{local(cell.model)}-{local(cell.column)}")
    y = grid_bottom + 0.15 + LINE / 2
    for i, entry in enumerate(legend):
        text = entry
        if i < 2:
            canvas.dot(0.25, y, f"legend-{i}", filled=i == 0)
        elif entry.startswith("*"):
            canvas.text(0.25, y, "*", size=SMALL, weight="bold", ha="center")
            text = entry[2:]
        else:
            canvas.axes.add_line(Line2D([0.25], [y], marker="_", markersize=7, color=GREY, linestyle="none"))
        canvas.text(0.4, y, text, size=SMALL)
        y += LINE
    canvas.footer(y + 0.05, source)
    return canvas.figure


# -- the two relationship dimensions ----------------------------------------------------

NOT_STATED = "not-stated"


def _entry_lines(placement) -> list[tuple[str, str]]:
    """(kind, text) lines of one model's entry: its label, then the source's qualifiers."""
    lines = [("label", placement.label)]
    for dimension, judgement in (("reciprocity", placement.reciprocity), ("expertise", placement.expertise)):
        for hedge in judgement.hedges if judgement else ():
            lines.append((f"qualifier-{dimension}-{hedge.id}", f"{dimension}: {hedge.label}"))
    return lines


def draw_dimensions(store, highlight: str | None = None) -> Figure:
    """The models on reciprocity (columns) against where expertise lies (rows), with a
    separate band for models whose expertise the review does not state."""
    axes = axis_values(store)
    columns = axes["reciprocity"]
    rows = [*axes["expertise"], (NOT_STATED, "not stated")]
    by_cell: dict[tuple[str, str], list] = {}
    unplaced = []
    placed = placements(store)
    reviewed = from_review(placed)
    for placement in placed:
        if placement.reciprocity is None:
            unplaced.append(placement)
            continue
        row = placement.expertise.value if placement.expertise else NOT_STATED
        by_cell.setdefault((placement.reciprocity.value, row), []).append(placement)

    entry_gap, pad = 0.07, 0.1
    small_line = SMALL * 1.4 / 72

    def entry_height(p) -> float:
        return LINE + (len(_entry_lines(p)) - 1) * small_line

    def row_height(row: str) -> float:
        tallest = max((sum(entry_height(p) for p in by_cell.get((c, row), [])) + entry_gap * (len(by_cell.get((c, row), [])) - 1)
                       for c, _ in columns), default=0)
        return max(tallest, LINE) + 2 * pad

    width, left = 7.0, 1.25
    column_width = (width - left - 0.12) / len(columns)
    count = sum(p.model in reviewed for v in by_cell.values() for p in v)
    caption = (f"The {count} models the review places on its two relationship dimensions. Grey italic notes are "
               "the source's own qualifications of a placement; the arrow marks a one-way model that the review "
               "sees as leaning towards reciprocity. " + source_line(store, placed))
    if unplaced:
        caption += " Not drawn (no reciprocity in the graph): " + ", ".join(p.label for p in unplaced) + "."
    top = 0.2 + LINE + 0.12
    grid_top = top + 2 * LINE + 0.08
    heights = [row_height(r) for r, _ in rows]
    band_gap = 0.1
    grid_bottom = grid_top + sum(heights) + band_gap
    height = grid_bottom + 0.15 + footer_height(caption, width)
    canvas = Canvas.sized(width, height)
    canvas.text(0.12, 0.2, "Reciprocity and expertise in the review's therapeutic models", weight="bold", gid="title")
    canvas.text(left + column_width * len(columns) / 2, top + LINE / 2, "Reciprocity of the helping relationship",
                ha="center", color=GREY, gid="axis-reciprocity")
    canvas.text(0.12, top + LINE * 1.5, "Where expertise lies", color=GREY, gid="axis-expertise")
    x_of = {}
    for j, (value, label) in enumerate(columns):
        x_of[value] = left + column_width * j
        canvas.text(x_of[value] + column_width / 2, top + LINE * 1.5, label, ha="center", weight="bold",
                    gid=f"column-{local(value)}")
    y = grid_top
    for (row, label), row_h in zip(rows, heights, strict=True):
        if row == NOT_STATED:
            y += band_gap
            canvas.axes.add_patch(Rectangle((0.05, y), width - 0.1, row_h, color=BAND, linewidth=0, gid="band-not-stated"))
        canvas.text(0.12, y + pad + LINE / 2, label, weight="bold", gid=f"row-{local(row)}")
        for value, _ in columns:
            canvas.axes.add_patch(Rectangle((x_of[value] + 0.02, y + 0.02), column_width - 0.04, row_h - 0.04,
                                            facecolor="none" if row == NOT_STATED else PALE, edgecolor="#cccccc",
                                            linewidth=0.6, gid=f"cell-{local(value)}-{local(row)}"))
            _draw_entries(canvas, by_cell.get((value, row), []), x_of[value], y + pad, entry_height, entry_gap,
                          small_line, columns, x_of, highlight, reviewed)
        y += row_h
    canvas.footer(grid_bottom + 0.15, caption)
    return canvas.figure


def _draw_entries(canvas, entries, x0, y, entry_height, entry_gap, small_line, columns, x_of, highlight, reviewed) -> None:
    for placement in entries:
        mid = y + LINE / 2
        mine = placement.model == highlight
        colour = VERMILION if mine else INK
        name = local(placement.model)
        canvas.dot(x0 + 0.2, mid, f"marker-{name}", color=colour)
        canvas.text(x0 + 0.34, mid, placement.label, gid=f"model-{name}", color=colour,
                    weight="bold" if mine else "normal", style="normal" if placement.model in reviewed else "italic")
        sub_y = y + LINE + small_line / 2
        for kind, text in _entry_lines(placement)[1:]:
            canvas.text(x0 + 0.34, sub_y, text, size=SMALL, style="italic", color=GREY, gid=f"{kind}-{name}")
            sub_y += small_line
        reciprocity = placement.reciprocity
        if reciprocity.hedged_as(LEANS_RECIPROCAL) and x_of.get(columns[0][0]) != x0:
            # An arrow from the model towards the reciprocal column.
            start = x0 + 0.1
            canvas.axes.add_patch(FancyArrowPatch((start, mid), (start - 0.45, mid), arrowstyle="-|>", mutation_scale=9,
                                                  color=colour, linewidth=1.0, gid=f"arrow-{name}"))
        y += entry_height(placement) + entry_gap


# -- network -----------------------------------------------------------------------------


def draw_network(store, highlight: str | None = None) -> Figure:
    """Resource types (left) and relationship types (right) linked to the models (middle)
    that explicitly use them."""
    sides = {"resources": table_cells("resources", store), "relationships": table_cells("relationships", store)}
    models = list(dict.fromkeys((c.model, c.model_label) for c in sides["resources"] + sides["relationships"]))
    label_width, box_width = 1.75, 1.75
    width = 7.0
    x_left = 0.12 + label_width + 0.12
    x_right = width - 0.12 - 1.25 - 0.12
    box_x = (x_left + x_right) / 2 - box_width / 2
    row_height = 0.3
    top = 0.2 + LINE + 0.15 + LINE
    span = row_height * len(models)
    placed = placements(store)
    reviewed = from_review(placed)
    source = source_line(store, placed)
    legend = ("Lines join each model to the resource types (left, blue) and relationship types (right, vermilion) it "
              "explicitly uses; a dashed line is a use the review's text hedges or states jointly for several models "
              "(notes: roto table).")
    caption = legend + " " + source
    height = top + span + 0.15 + footer_height(caption, width)
    canvas = Canvas.sized(width, height)
    canvas.text(0.12, 0.2, "What each model explicitly draws on", weight="bold", gid="title")
    canvas.text(x_left, top - LINE / 2 - 0.05, "Resource types", ha="right", color=BLUE, weight="bold", gid="heading-resources")
    canvas.text(x_right, top - LINE / 2 - 0.05, "Relationship types", ha="left", color=VERMILION, weight="bold",
                gid="heading-relationships")
    model_y = {model: top + row_height * (i + 0.5) for i, (model, _) in enumerate(models)}
    feature_y = {}
    for side, cells in sides.items():
        columns = list(dict.fromkeys((c.column, c.column_label) for c in cells))
        step = span / len(columns)
        for j, (column, label) in enumerate(columns):
            y = feature_y[column] = top + step * (j + 0.5)
            colour = BLUE if side == "resources" else VERMILION
            x = x_left if side == "resources" else x_right
            canvas.dot(x, y, f"node-{local(column)}", color=colour, size=5.5)
            text = wrap(label, (label_width if side == "resources" else 1.25) - 0.05)
            canvas.text(x - 0.1 if side == "resources" else x + 0.1, y, text, ha="right" if side == "resources" else "left",
                        gid=f"column-{local(column)}", linespacing=1.2)
        for cell in cells:
            if cell.value != "Yes":
                continue
            mine = cell.model == highlight
            edge_x = box_x if side == "resources" else box_x + box_width
            x = x_left if side == "resources" else x_right
            canvas.axes.add_line(Line2D([x, edge_x], [feature_y[cell.column], model_y[cell.model]],
                                        color=BLUE if side == "resources" else VERMILION,
                                        linewidth=1.6 if mine else 0.8, alpha=1.0 if mine else 0.55, zorder=1,
                                        linestyle=(0, (3, 2)) if cell.qualified else "-",
                                        gid=f"edge-{local(cell.model)}-{local(cell.column)}"))
    for model, label in models:
        mine = model == highlight
        y = model_y[model]
        canvas.axes.add_patch(FancyBboxPatch((box_x, y - row_height * 0.36), box_width, row_height * 0.72,
                                             boxstyle="round,pad=0,rounding_size=0.06", zorder=2,
                                             facecolor=ORANGE if mine else "white", edgecolor=INK, linewidth=0.8,
                                             gid=f"box-{local(model)}"))
        canvas.text(box_x + box_width / 2, y, label, ha="center", zorder=3, gid=f"model-{local(model)}",
                    weight="bold" if mine else "normal", style="normal" if model in reviewed else "italic")
    canvas.footer(top + span + 0.15, caption)
    return canvas.figure


# -- output ------------------------------------------------------------------------------


DRAW = {
    "resources": lambda store, highlight=None: draw_table("resources", store, highlight),
    "relationships": lambda store, highlight=None: draw_table("relationships", store, highlight),
    "dimensions": draw_dimensions,
    "network": draw_network,
}


def draw(name: str, store, highlight: str | None = None) -> Figure:
    """The figure `name` (a key of DRAW) for the graph in `store`; `highlight` is a model
    IRI whose row, point or box stands out (for that model's page)."""
    if name not in DRAW:
        raise RotoError(f"unknown figure {name!r}; choose one of: {', '.join(DRAW)}")
    return DRAW[name](store, highlight)


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
    from .engine import LocalEngine
    from .vocabulary import resolve

    return resolve(LocalEngine(store), (BASE + "TherapeuticModel",), name, "model").iri


def figure(name: str, store=None, highlight: str | None = None, width: float | None = None,
           title: bool = True) -> Figure:
    """Figure `name` as a matplotlib Figure (it shows itself in a notebook); `width` in
    inches scales it whole, `title=False` leaves the title out."""
    store = store if store is not None else open_store()
    highlight = model_iri(store, highlight) if highlight else None
    with matplotlib.rc_context(STYLE):
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
    if fmt not in FORMATS.values():
        raise RotoError(f"unknown image format {fmt!r}; choose one of: {', '.join(dict.fromkeys(FORMATS.values()))}")
    drawn = figure(name, store, highlight, width, title)
    out = io.BytesIO()
    extra = {"pil_kwargs": {"compression": "tiff_lzw"}} if fmt == "tiff" else {"metadata": METADATA[fmt]}
    with matplotlib.rc_context(STYLE), _quiet("matplotlib.backends.backend_ps"):
        # EPS has no transparency: the pale fills come out opaque, as drawn over white anyway
        drawn.savefig(out, format=fmt, dpi=PNG_DPI, **extra)
    if fmt == "eps":  # matplotlib always dates EPS files: the optional DSC comment is left out
        return re.sub(rb"%%CreationDate: [^\n]*\n", b"", out.getvalue(), count=1)
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
    from .files import write_atomic

    path = Path(path)
    data = render(name, figure_format(path), store, highlight, width, title)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise RotoError(f"{path}: cannot write the figure: {exc.strerror or exc}") from None
    return path


__all__ = ["DRAW", "draw", "figure", "figure_format", "parse_width", "plot", "render"]
