"""The site's search: an index of models, features and references written as JSON when the
site is built, and the small script of our own (`static/search.js`) that searches it in the
browser. Nothing is asked of a server at search time, so the static site searches as well
as `roto serve` does; the pages' content security policy allows that one script ('self')
and its fetch of the index, nothing inline.
"""

from __future__ import annotations

import json
from importlib.resources import files

from ..namespaces import BASE
from .catalogue import Catalogue

SCRIPT = "search.js"
INDEX = "search.json"
# What is searched, by class, with the kind each result is shown as.
KINDS = (
    (BASE + "TherapeuticModel", "model"),
    (BASE + "ResourceType", "resource type (Table 1)"),
    (BASE + "RelationshipType", "relationship type (Table 2)"),
    (BASE + "RelationshipDimension", "relationship dimension"),
    (BASE + "ReciprocityValue", "reciprocity"),
    (BASE + "ExpertiseLocus", "where expertise lies"),
    (BASE + "Reference", "reference"),
)
USES = (BASE + "usesResource", BASE + "usesRelationship")


def search_index(catalogue: Catalogue) -> bytes:
    """One entry per searchable entity: label, kind, page (relative to the site's root) and
    the text searched besides the label (definition; a reference's number and authors)."""
    entries = []
    for cls, kind in KINDS:
        for entity in catalogue.of_type(cls):
            if not entity.iri.startswith(BASE):
                continue
            label = entity.name
            text = entity.definition or ""
            if entity.number is not None:
                label = f"[{entity.number}] {entity.authors or entity.name}"
                text = f"reference {entity.number} of the review"
            entry: dict[str, str | list[str]] = {"label": label, "kind": kind,
                                                 "page": entity.iri[len(BASE):] + ".html", "text": text}
            if cls == BASE + "TherapeuticModel":  # so that "family" also finds the models drawing on family
                entry["uses"] = [catalogue.label(s.target) for s in catalogue.about(entity.iri)
                                 if s.positive and s.property in USES]
            entries.append(entry)
    return json.dumps(entries, ensure_ascii=False, indent=0).encode("utf-8")


def search_script() -> bytes:
    return files("roto.web").joinpath("static", SCRIPT).read_bytes()
