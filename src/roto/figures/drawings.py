"""The drawings, one function per figure of the registry (`registry.py`): each takes its
FigureSpec, the store and a model IRI to set apart, and returns a matplotlib Figure.

`resources` and `relationships` are Table 1 and Table 2 as dot matrices; `dimensions` puts
the models on reciprocity against where expertise lies; `network` links the models to the
resource and relationship types they explicitly use. Everything drawn comes from SPARQL
over the store (never from the authored files), so a researcher's added model appears too.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from ..dimensions import axis_values, placements
from ..framework import TABLES
from ..namespaces import iri
from ..tables import extended, table_cells
from .canvas import (
    BAND,
    BLUE,
    GREY,
    INK,
    LINE,
    ORANGE,
    PALE,
    SMALL,
    VERMILION,
    Canvas,
    _split,
    footer_height,
    from_review,
    local,
    source_line,
    text_width,
    wrap,
)
from .registry import FigureSpec, entry_id

LEANS_RECIPROCAL = iri("qualifier", "leans-reciprocal")


# -- Table 1 and Table 2 --------------------------------------------------------------

def draw_table(spec: FigureSpec, store, highlight: str | None = None) -> Figure:
    """A review table (the figure's name is the table's) as a dot matrix: filled =
    explicitly used, open = the review's blank cell."""
    cells = table_cells(spec.name, store)
    models = list(dict.fromkeys((c.model, c.model_label) for c in cells))
    columns = list(dict.fromkeys((c.column, c.column_label) for c in cells))
    widest_piece = max(text_width(piece, SMALL) for _, label in columns for word in label.split() for piece in _split(word))
    column_width, row_height = max(0.8, widest_piece + 0.08), 0.24
    left = max(text_width(label) for _, label in models) + 0.25
    headers = [wrap(label, column_width - 0.06, SMALL) for _, label in columns]
    header_height = max(h.count("\n") + 1 for h in headers) * SMALL * 1.3 / 72 + 0.12
    placed = placements(store)
    reviewed = from_review(placed)
    added = sum(model not in reviewed for model, _ in models)  # the title says the review's table is extended
    title = spec.title.replace(f"({extended(spec.name, 0)})", f"({extended(spec.name, added)})")
    width = max(left + column_width * len(columns) + 0.15, 4.6, text_width(title, weight="bold") + 0.24)
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
    canvas.text(0.12, 0.2, title, weight="bold", gid="title")
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
        if i < 2:
            canvas.dot(0.25, y, f"legend-{i}", filled=i == 0)
        elif entry.startswith("*"):
            canvas.text(0.25, y, "*", size=SMALL, weight="bold", ha="center")
        else:
            canvas.axes.add_line(Line2D([0.25], [y], marker="_", markersize=7, color=GREY, linestyle="none"))
        canvas.text(0.4, y, entry[2:] if i >= 2 and entry.startswith("*") else entry, size=SMALL)
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


def draw_dimensions(spec: FigureSpec, store, highlight: str | None = None) -> Figure:
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
    canvas.text(0.12, 0.2, spec.title, weight="bold", gid="title")
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
    canvas.figure.svg_style = SET_APART
    return canvas.figure


# How a model's page sets its model apart in the one SVG of the figure (`figures/dimensions.svg#entry-<id>`,
# `registry.entry_id`): the entry the address names (:target) as `highlight` draws it, its marker
# (a solid disc: fill alone), label and arrow in vermilion, the label bold.
SET_APART = (f'g[id^="entry-"]:target > [id^="marker-"] use {{fill: {VERMILION} !important}}\n'
             f'g[id^="entry-"]:target > [id^="arrow-"] path {{fill: {VERMILION} !important; stroke: {VERMILION} !important}}\n'
             f'g[id^="entry-"]:target > [id^="model-"] text {{fill: {VERMILION} !important; font-weight: 700 !important}}\n')


def _draw_entries(canvas, entries, x0, y, entry_height, entry_gap, small_line, columns, x_of, highlight, reviewed) -> None:
    """Each model's entry, its marks grouped as `entry-<id>` (SET_APART)."""
    for placement in entries:
        mid = y + LINE / 2
        mine = placement.model == highlight
        colour = VERMILION if mine else INK
        name = local(placement.model)
        marks = [canvas.dot(x0 + 0.2, mid, f"marker-{name}", color=colour, solid=True),
                 canvas.text(x0 + 0.34, mid, placement.label, gid=f"model-{name}", color=colour,
                             weight="bold" if mine else "normal", style="normal" if placement.model in reviewed else "italic")]
        sub_y = y + LINE + small_line / 2
        for kind, text in _entry_lines(placement)[1:]:
            marks.append(canvas.text(x0 + 0.34, sub_y, text, size=SMALL, style="italic", color=GREY, gid=f"{kind}-{name}"))
            sub_y += small_line
        reciprocity = placement.reciprocity
        if reciprocity.hedged_as(LEANS_RECIPROCAL) and x_of.get(columns[0][0]) != x0:
            # An arrow from the model towards the reciprocal column.
            start = x0 + 0.1
            marks.append(canvas.axes.add_patch(FancyArrowPatch((start, mid), (start - 0.45, mid), arrowstyle="-|>",
                                                               mutation_scale=9, color=colour, linewidth=1.0,
                                                               gid=f"arrow-{name}")))
        canvas.group(entry_id(placement.model), marks)
        y += entry_height(placement) + entry_gap


# -- network -----------------------------------------------------------------------------


def crossings(left: list, right: list, edges) -> int:
    """How many pairs of edges between two columns (in these orders) cross."""
    place_l, place_r = {n: i for i, n in enumerate(left)}, {n: i for i, n in enumerate(right)}
    ends = sorted((place_l[a], place_r[b]) for a, b in edges)
    return sum(1 for i, (a1, b1) in enumerate(ends) for a2, b2 in ends[i + 1:] if a1 != a2 and b1 > b2)


def network_order(models: list, left: list, right: list, left_edges, right_edges,
                  sweeps: int = 8) -> tuple[list, list, list]:
    """Orders of the models (middle column) and of the features on each side that make few
    edges cross: barycentre sweeps (each node moves to the mean place of its neighbours, ties
    kept in the given order), keeping the best orders met. `*_edges` are (feature, model)
    pairs. Deterministic: the same graph always gives the same orders."""
    left_edges, right_edges = sorted(left_edges), sorted(right_edges)  # set order varies by run: sums must not

    def by_barycentre(nodes: list, places: dict) -> list:
        """`nodes` sorted by the mean of their neighbours' places (`places`: node -> list)."""
        def key(item):
            i, node = item
            return (sum(places[node]) / len(places[node]) if places[node] else i, i)
        return [node for _, node in sorted(enumerate(nodes), key=key)]

    def neighbour_places(nodes: list, edges: list, place: dict, end: int, scale: float = 1.0) -> dict:
        return {n: [place[e[1 - end]] * scale for e in edges if e[end] == n] for n in nodes}

    def total(order) -> int:
        middle, lft, rgt = order
        return crossings(lft, middle, left_edges) + crossings(rgt, middle, right_edges)

    best = order = (list(models), list(left), list(right))
    for _ in range(sweeps):
        middle, lft, rgt = order
        place_l, place_r = {n: i for i, n in enumerate(lft)}, {n: i for i, n in enumerate(rgt)}
        from_left = neighbour_places(middle, left_edges, place_l, 1, len(middle) / len(lft))
        from_right = neighbour_places(middle, right_edges, place_r, 1, len(middle) / len(rgt))
        middle = by_barycentre(middle, {n: from_left[n] + from_right[n] for n in middle})
        place_m = {n: i for i, n in enumerate(middle)}
        lft = by_barycentre(lft, neighbour_places(lft, left_edges, place_m, 0))
        rgt = by_barycentre(rgt, neighbour_places(rgt, right_edges, place_m, 0))
        order = (middle, lft, rgt)
        if total(order) < total(best):
            best = order
    return best


def _curve(start: tuple[float, float], end: tuple[float, float]) -> MplPath:
    """An S-shaped edge leaving and reaching its ends horizontally (easier to follow than a straight line)."""
    middle = (start[0] + end[0]) / 2
    return MplPath([start, (middle, start[1]), (middle, end[1]), end],
                   [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])


def draw_network(spec: FigureSpec, store, highlight: str | None = None) -> Figure:
    """Resource types (left) and relationship types (right) linked to the models (middle)
    that explicitly use them."""
    sides = {name: table_cells(name, store) for name in TABLES}
    left = next(iter(TABLES))  # Table 1's resource types on the left, Table 2's relationship types on the right
    models = list(dict.fromkeys((c.model, c.model_label) for cells in sides.values() for c in cells))
    right = next(name for name in TABLES if name != left)
    columns_of = {side: list(dict.fromkeys((c.column, c.column_label) for c in cells)) for side, cells in sides.items()}
    used = {side: {((c.column, c.column_label), (c.model, c.model_label)) for c in cells if c.value == "Yes"}
            for side, cells in sides.items()}
    models, columns_of[left], columns_of[right] = network_order(models, columns_of[left], columns_of[right],
                                                                used[left], used[right])
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
              "(notes: roto table). Models and types are ordered so that few lines cross.")
    caption = legend + " " + source
    height = top + span + 0.15 + footer_height(caption, width)
    canvas = Canvas.sized(width, height)
    canvas.text(0.12, 0.2, spec.title, weight="bold", gid="title")
    canvas.text(x_left, top - LINE / 2 - 0.05, "Resource types", ha="right", color=BLUE, weight="bold", gid="heading-resources")
    canvas.text(x_right, top - LINE / 2 - 0.05, "Relationship types", ha="left", color=VERMILION, weight="bold",
                gid="heading-relationships")
    model_y = {model: top + row_height * (i + 0.5) for i, (model, _) in enumerate(models)}
    feature_y = {}
    for side, cells in sides.items():
        columns = columns_of[side]
        step = span / len(columns)
        for j, (column, label) in enumerate(columns):
            y = feature_y[column] = top + step * (j + 0.5)
            colour = BLUE if side == left else VERMILION
            x = x_left if side == left else x_right
            canvas.dot(x, y, f"node-{local(column)}", color=colour, size=5.5)
            text = wrap(label, (label_width if side == left else 1.25) - 0.05)
            canvas.text(x - 0.1 if side == left else x + 0.1, y, text, ha="right" if side == left else "left",
                        gid=f"column-{local(column)}", linespacing=1.2)
        port = {}  # each line meets its model's box at its own height, in the order of the types
        for model, _ in models:
            ends = sorted((feature_y[c.column], c.column) for c in cells if c.model == model and c.value == "Yes")
            for k, (_, column) in enumerate(ends):
                port[model, column] = model_y[model] + row_height * 0.56 * ((k + 0.5) / len(ends) - 0.5)
        for cell in cells:
            if cell.value != "Yes":
                continue
            mine = cell.model == highlight
            edge_x = box_x if side == left else box_x + box_width
            x = x_left if side == left else x_right
            canvas.axes.add_patch(PathPatch(_curve((x, feature_y[cell.column]), (edge_x, port[cell.model, cell.column])),
                                            facecolor="none", edgecolor=BLUE if side == left else VERMILION,
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
