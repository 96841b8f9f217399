"""The review's two tables as ROTO names them, stated once and light enough for any
command's parser: `roto table NAME`, the figures, the pages, the manuscript writers and
the comparisons all read this (the cells themselves come from the graph: `roto.tables`).
"""

from __future__ import annotations

from typing import NamedTuple

from .namespaces import BASE


class ReviewTable(NamedTuple):
    """One of the review's tables: the property its "Yes" cells assert, its caption, the
    class its columns belong to, and how a reader refers to it."""

    property: str
    caption: str
    column_class: str
    label: str


TABLES = {
    "resources": ReviewTable(BASE + "usesResource", "Table 1: resources each model explicitly draws on",
                             BASE + "ResourceType", "Table 1"),
    "relationships": ReviewTable(BASE + "usesRelationship",
                                 "Table 2: kinds of social relationship each model explicitly draws on",
                                 BASE + "RelationshipType", "Table 2"),
}
