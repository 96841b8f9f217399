"""What the site offers for download besides its pages: each review table in the formats of
`roto table`, each figure as SVG, PNG and PDF, the release files, and the records to cite
the review and ROTO. Listed here once, so the pages link to exactly what `roto site` writes
and `roto serve` answers; each file is made on demand from the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..figures.registry import FIGURES
from ..framework import TABLES

# (format of roto table, suffix, what to call it on the page)
TABLE_FORMATS = (("csv", "csv", "CSV"), ("json", "json", "JSON"), ("markdown", "md", "Markdown"),
                 ("latex", "tex", "LaTeX"), ("html", "html", "HTML"))
FIGURE_FORMATS = (("svg", "SVG"), ("png", "PNG, 300 dpi"), ("pdf", "PDF"))
# (format of roto cite, file, what to call it, media type)
CITE_FORMATS = (("bibtex", "cite/roto.bib", "BibTeX", "application/x-bibtex"),
                ("ris", "cite/roto.ris", "RIS", "application/x-research-info-systems"),
                ("csl-json", "cite/roto-csl.json", "CSL-JSON", "application/vnd.citationstyles.csl+json"))
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "md": "text/markdown", "tex": "application/x-tex",
               "html": "text/html", "svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf",
               **{path.rsplit(".", 1)[1]: media for _, path, _, media in CITE_FORMATS if not path.endswith(".json")}}


@dataclass(frozen=True)
class Download:
    path: str   # in the site, from its root
    label: str  # the link's text
    media_type: str


def table_downloads(name: str) -> list[Download]:
    return [Download(f"tables/{name}.{suffix}", label, MEDIA_TYPES[suffix]) for _, suffix, label in TABLE_FORMATS]


def figure_downloads(name: str, can_draw: bool) -> list[Download]:
    """A figure's files; none when matplotlib is missing (the pages then show no figures)."""
    if not can_draw:
        return []
    return [Download(f"figures/{name}.{fmt}", label, MEDIA_TYPES[fmt]) for fmt, label in FIGURE_FORMATS]


def cite_downloads() -> list[Download]:
    return [Download(path, label, media) for _, path, label, media in CITE_FORMATS]


def made_files(can_draw: bool) -> dict[str, tuple[str, ...]]:
    """Every download made from the store (not the release files), by site path -> how to make it:
    ("table", name, format), ("figure", name, format) or ("cite", format). The SVG figures are
    the pages' own (`Pages.figure`) and are left out."""
    made: dict[str, tuple[str, ...]] = {}
    for name in TABLES:
        for fmt, suffix, _ in TABLE_FORMATS:
            made[f"tables/{name}.{suffix}"] = ("table", name, fmt)
    if can_draw:
        for name in FIGURES:
            for fmt, _ in FIGURE_FORMATS[1:]:
                made[f"figures/{name}.{fmt}"] = ("figure", name, fmt)
    for fmt, path, _, _ in CITE_FORMATS:
        made[path] = ("cite", fmt)
    return made


def make(store, recipe: tuple[str, ...]) -> bytes:
    """The bytes of one download (a recipe of `made_files`)."""
    from ..engine import LocalEngine

    kind, *args = recipe
    if kind == "table":
        from ..render.table_file import table_file

        data = table_file(args[0], args[1], LocalEngine(store))
        return data if isinstance(data, bytes) else data.encode("utf-8")
    if kind == "figure":
        from ..figures import render

        return render(args[0], args[1], store)
    from ..citation import WRITE

    return WRITE[args[0]](cite_entries(store)).encode("utf-8")


def cite_entries(store) -> list:
    """The review and ROTO, as `roto cite` gives them."""
    from ..citation import review, roto
    from ..engine import LocalEngine

    return [review(LocalEngine(store)), roto()]
