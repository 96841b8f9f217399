"""SPARQL results as the endpoint serves them: the negotiated media type picks the format,
and `roto.render.sparql` writes it, byte for byte as `roto query --format` does."""

from __future__ import annotations

import pyoxigraph as ox

from ..engine import Boolean, Solutions
from ..render.formats import RESULTS_MEDIA_TYPES
from ..render.sparql import csv_cell, render

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FORMAT_OF = {media_type: fmt for fmt, (media_type, _) in RESULTS_MEDIA_TYPES.items()}


def solutions_to(media_type: str, names: list[str], rows: list[list]) -> bytes:
    """SELECT results (rows of pyoxigraph terms or None) in the given results media type."""
    return render(Solutions(tuple(names), tuple(map(tuple, rows))), FORMAT_OF[media_type]).encode()


def boolean_to(media_type: str, value: bool) -> bytes:
    """An ASK result in the given results media type."""
    return render(Boolean(value), FORMAT_OF[media_type]).encode()


def display(term) -> str:
    """A term as people read it in an HTML results table."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value != XSD_STRING:
        return term.value
    return csv_cell(term)


def cell(term) -> tuple[str, str | None]:
    """A term as an HTML results table shows it: its text, and its IRI if it is one (a link)."""
    if term is None:
        return "", None
    return display(term), term.value if isinstance(term, ox.NamedNode) else None
