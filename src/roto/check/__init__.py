"""Validation, in the order the data flows: `data` gathers what to check (the review and a
researcher's files, remembering which file said what), `shapes` gathers what to check it
against (ROTO's shapes, or a file checked to be SHACL first), `shacl` runs pySHACL on a
copy, and `results` describes its report in words; `roto.render.report` writes it out.

`roto validate` and `KnowledgeGraph.validate()` use the three functions named here.
"""

from .data import load_data
from .shacl import validate
from .shapes import load_shapes

__all__ = ["load_data", "load_shapes", "validate"]
