"""The endpoint's query editor and the canned queries behind the pages.

The editor is YASGUI (`@zazuko/yasgui`), vendored into `static/yasgui/` by
`scripts/vendor-editor.sh` (pinned version and npm integrity hash) so that nothing is loaded
from a CDN, and `static/query-editor.js`, our script that puts it over the query form and
opens the canned queries in it. The form keeps working without JavaScript. Each canned query
(`queries/**/*.rq`) is also served as text at `queries/NAME.rq`, the page link "the query
behind this" points to it, and `sparql?example=NAME` runs it in the form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import NamedTuple
from urllib.parse import urlencode

import pyoxigraph as ox

from ..canned import CannedQuery, all_queries, bind

# Site path -> (file under static/, media type).
EDITOR_FILES = {
    "editor/yasgui.min.js": ("yasgui/yasgui.min.js", "text/javascript"),
    "editor/yasgui.min.css": ("yasgui/yasgui.min.css", "text/css"),
    "editor/LICENSE": ("yasgui/LICENSE", "text/plain"),
    "editor/THIRD-PARTY-NOTICES": ("yasgui/THIRD-PARTY-NOTICES", "text/plain"),
    "editor/query-editor.js": ("query-editor.js", "text/javascript"),
}
EDITOR_SCRIPT = "editor/yasgui.min.js"
# The <style> blocks the bundle adds to a page (its table's column resizer, column-resizer 1.x):
# the page's content security policy allows exactly these by hash, not 'unsafe-inline'.
# tests/test_query_editor.py checks that the vendored bundle still injects these texts.
INJECTED_STYLES = (
    " .grip-resizable{table-layout:fixed;} .grip-resizable > tbody > tr > td, .grip-resizable > tbody > tr > th"
    "{overflow:hidden} .grip-padding > tbody > tr > td, .grip-padding > tbody > tr > th{padding-left:0!important;"
    " padding-right:0!important;} .grip-container{ height:0px; position:relative;} .grip-handle{margin-left:-5px;"
    " position:absolute; z-index:5; } .grip-handle .grip-resizable{position:absolute;background-color:red;"
    "filter:alpha(opacity=1);opacity:0;width:10px;height:100%;cursor: col-resize;top:0px} .grip-lastgrip"
    "{position:absolute; width:1px; } .grip-drag{ border-left:1px dotted black;\t} .grip-flex{width:auto!important;}"
    " .grip-handle.grip-disabledgrip .grip-resizable{cursor:default; display:none;}",
    "*{cursor:col-resize!important}",  # while a column is dragged
)
QUERY_TEXT_TYPE = "text/plain"  # a browser shows it (application/sparql-query would be downloaded)


def editor_file(path: str) -> bytes:
    """The bytes of one of `EDITOR_FILES`."""
    return files("roto.web").joinpath("static", *EDITOR_FILES[path][0].split("/")).read_bytes()


@cache
def canned() -> dict[str, CannedQuery]:
    """Every canned query by name (questions, then the checks), read once."""
    queries = all_queries()
    return dict(sorted(queries.items(), key=lambda item: (item[0].startswith("checks/"), item[0])))


def query_path(name: str) -> str:
    """Where a canned query's text is served: `queries/NAME.rq`."""
    return f"queries/{name}.rq"


def query_texts() -> dict[str, bytes]:
    """Site path -> the text of each canned query, its file byte for byte."""
    return {query_path(name): query.path.read_bytes() for name, query in canned().items()}


class QueryLink(NamedTuple):
    """One canned query behind a table or figure, as its page links it."""

    title: str
    text: str  # site path of its text (the .rq file)
    run: str  # the query string for `sparql?...`: the query with its parameters bound


def behind(names: Iterable[str], values: Mapping[str, ox.NamedNode]) -> list[QueryLink]:
    """The canned queries `names` behind a table or figure; a parameter named in `values` is
    bound to that term (the table's property, the review's IRI), any other to its default."""
    links = []
    for name in names:
        query = canned()[name]
        text = bind(query, {p.name: values[p.name] for p in query.params if p.name in values})
        links.append(QueryLink(query.title, query_path(name), urlencode({"query": text})))
    return links
