"""Validation, in the order the data flows: `data` gathers what to check (the review and a
researcher's files, remembering which file said what; as an rdflib Graph, or held by
pyoxigraph in `store_data`), `shapes` gathers what to check it against (ROTO's shapes, or a
file checked to be SHACL first), `shacl` runs SHACL (the shapes `compiled` to whole-graph
SPARQL that `engine` runs on pyoxigraph, or pySHACL on a copy), and `results` describes the
report in words; `roto.render.report` writes it out.

`roto validate` and `KnowledgeGraph.validate()` use the functions named here.
"""

from .data import load_data, load_store
from .shacl import validate
from .shapes import load_shapes

__all__ = ["load_data", "load_shapes", "load_store", "validate"]
