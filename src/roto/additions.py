"""Which models a researcher added, and from which source: what tables, figures and pages
mark so that nothing added is ever presented as the review's.

>>> from roto.engine import open_engine
>>> sorted(m.added for m in model_sources(open_engine()).values())[:1]
[False]
"""

from __future__ import annotations

from collections import namedtuple

from .engine import Engine
from .namespaces import REVIEW_IRI

ModelSource = namedtuple("ModelSource", "model label source source_title added")
ModelSource.__doc__ = """A model, the source its statements are attributed to (None if the graph
names none), that source's title, and `added`: True unless the source is the review."""


def model_sources(engine: Engine) -> dict[str, ModelSource]:
    """Every model in the graph by IRI, with its source and whether it was added."""
    import pyoxigraph as ox

    from .queries import run_select
    from .store import bound_value, term_value

    rows = run_select(engine, "model-sources", {"review": ox.NamedNode(REVIEW_IRI)}).records()
    found = {}
    for row in rows:
        model = bound_value(row["model"])
        found[model] = ModelSource(model, term_value(row["label"]), term_value(row["source"]),
                                   term_value(row["sourceTitle"]), term_value(row["added"]) == "true")
    return found


def added_models(engine: Engine) -> dict[str, ModelSource]:
    """Only the models added to the review's, by IRI."""
    return {iri: m for iri, m in model_sources(engine).items() if m.added}
