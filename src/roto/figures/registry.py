"""Every figure ROTO draws, listed once: the CLI, the pages, the site and the tests read
this table, so adding a figure is one entry here and its drawing in `drawings.py`.

Nothing here imports matplotlib, so commands and pages can name the figures (and tell
whether they can be drawn) without paying for it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class FigureSpec:
    """One figure: what it is called, what it shows, where its marks come from."""

    name: str  # `roto plot NAME`, and the file `figures/NAME.svg` of the site
    title: str  # drawn at its top (`--no-title` leaves it out)
    draws: str  # what it shows, in a phrase: `roto plot --help`, the pages' captions and alt texts
    queries: tuple[str, ...]  # the canned queries (queries/*.rq) everything drawn comes from
    drawer: str  # the function of `roto.figures.drawings` that draws it: f(spec, store, highlight)
    on_model_page: bool = False  # each model's page shows it at that model's entry (entry_id), which its SVG sets apart


FIGURES: dict[str, FigureSpec] = {spec.name: spec for spec in (
    FigureSpec("resources", "Resources each model explicitly uses (Table 1 of the review)",
               "Table 1 as a dot matrix (filled = explicitly used, open = blank cell)",
               ("review-table", "qualifiers", "figure-dimensions", "figure-source"), "draw_table"),
    FigureSpec("relationships", "Relationship types each model explicitly uses (Table 2 of the review)",
               "Table 2 as a dot matrix",
               ("review-table", "qualifiers", "figure-dimensions", "figure-source"), "draw_table"),
    FigureSpec("dimensions", "Reciprocity and expertise in the review's therapeutic models",
               "the models on reciprocity against where expertise lies",
               ("figure-dimensions", "figure-dimension-values", "qualifiers", "figure-source"), "draw_dimensions",
               on_model_page=True),
    FigureSpec("network", "What each model explicitly draws on",
               "models linked to the resource and relationship types they explicitly use",
               ("review-table", "qualifiers", "figure-dimensions", "figure-source"), "draw_network"),
)}

# Image formats by file suffix (what `roto plot -o` and `kg.plot(path)` accept).
FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".eps": "eps", ".tif": "tiff", ".tiff": "tiff"}


def can_draw() -> bool:
    """Whether matplotlib is installed (checked without importing it)."""
    return importlib.util.find_spec("matplotlib") is not None


def figure_path(spec: FigureSpec) -> str:
    """Where a figure lives in the site: `figures/NAME.svg`."""
    return f"figures/{spec.name}.svg"


def entry_id(model_iri: str) -> str:
    """The SVG id of a model's entry in a figure a model's page shows: that page shows the
    figure's one file at `#entry-<model id>`, and the SVG's own style sets the entry it
    names apart (:target), so the figure is drawn once for every model's page."""
    return "entry-" + model_iri.rstrip("/").rsplit("/", 1)[-1]


def model_page_figures() -> list[FigureSpec]:
    """The figures a model's page shows, its own entry set apart (`entry_id`)."""
    return [spec for spec in FIGURES.values() if spec.on_model_page]


def site_figures() -> dict[str, str]:
    """Site path -> figure name, for every figure the pages show; empty without matplotlib
    (the pages then leave the figures out)."""
    if not can_draw():
        return {}
    return {figure_path(spec): spec.name for spec in FIGURES.values()}
