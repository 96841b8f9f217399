"""The figures the pages show: their paths in the site, and drawing them on demand.

`figures/<name>.svg` is each figure of `roto plot`; `figures/<model id>/dimensions.svg`
is the dimensions figure with that model's point highlighted, for its page. Drawing
imports matplotlib, so only a request for a figure (`roto serve`) or writing the site
(`roto site`) does; without matplotlib installed the pages leave the figures out.
"""

from __future__ import annotations

from ..figure_names import FIGURES, can_draw
from ..namespaces import BASE

MODEL_FIGURE = "dimensions"  # the one a model page shows, its own point highlighted


def figure_paths(catalogue) -> dict[str, tuple[str, str | None]]:
    """Site path -> (figure name, model IRI to highlight or None); empty without matplotlib."""
    if not can_draw():
        return {}
    paths: dict[str, tuple[str, str | None]] = {f"figures/{name}.svg": (name, None) for name in FIGURES}
    for model in catalogue.of_type(BASE + "TherapeuticModel"):
        paths[model_figure_path(model.iri)] = (MODEL_FIGURE, model.iri)
    return paths


def model_figure_path(model_iri: str) -> str:
    return f"figures/{model_iri.rsplit('/', 1)[-1]}/{MODEL_FIGURE}.svg"


def draw(store, name: str, highlight: str | None) -> bytes:
    """One figure as SVG bytes."""
    from ..figures import render

    return render(name, "svg", store, highlight)
