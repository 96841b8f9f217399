"""Every output format ROTO writes, by kind, named once: the commands offer these names
(`--format`), the endpoint negotiates these media types, and each kind has one writer
module in this package. Imports nothing, so a command's parser can read it for free.
"""

from __future__ import annotations

# Rows of text (`rows.py`): for people (aligned text, Markdown) and for programs.
ROW_FORMATS = ("text", "csv", "tsv", "markdown", "json")

# The review's tables for a manuscript (`manuscript/`, one module per format), with the
# suffixes that choose them; the binary ones are only written to a file.
MANUSCRIPT_FORMATS = {"latex": (".tex",), "html": (".html", ".htm"), "docx": (".docx",), "xlsx": (".xlsx",)}
BINARY = ("docx", "xlsx")
# `roto table -o FILE`: the format its suffix asks for.
TABLE_SUFFIXES = {".txt": "text", ".csv": "csv", ".md": "markdown", ".json": "json",
                  **{suffix: fmt for fmt, suffixes in MANUSCRIPT_FORMATS.items() for suffix in suffixes}}

# SPARQL answers (`sparql.py`): SELECT and ASK as the W3C results formats (or a table for
# people); CONSTRUCT and DESCRIBE as RDF.
SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples")
# The results formats the endpoint serves: media type and the aliases that also select it.
RESULTS_MEDIA_TYPES = {
    "json": ("application/sparql-results+json", ("application/json",)),
    "xml": ("application/sparql-results+xml", ("application/xml", "text/xml")),
    "csv": ("text/csv", ()),
    "tsv": ("text/tab-separated-values", ()),
}
BOOLEAN_FORMATS = ("json", "xml")  # an ASK answer has no CSV or TSV form worth serving

# Validation reports (`report.py`).
REPORT_FORMATS = ("text", "json", "turtle")
