"""Validation's home in the first release, whose `KnowledgeGraph.validate()` docstring named
`roto.validation.Result`: kept so code that imports from here still runs. The code lives
in `roto.check` (see its docstring for the data flow); import from there.
"""

from .check import load_data, load_shapes, validate
from .check.data import Origins
from .check.results import SEVERITIES, Report, Result

__all__ = ["SEVERITIES", "Origins", "Report", "Result", "load_data", "load_shapes", "validate"]
