"""Results for notebooks: plain lists that turn into a pandas DataFrame on request.

pandas is optional (`pip install 'roto-ontology[pandas]'`); it is imported only by `to_frame()`,
which raises ImportError saying how to install it when it is missing.

>>> rows = Rows([{"model": "Befriending", "reciprocity": "reciprocal"}])
>>> rows[0]["model"]
'Befriending'
"""

from __future__ import annotations

import dataclasses

from .optional import pandas


def record(item: object) -> dict:
    """One result as a dict: named tuples and dataclasses field by field, dicts as they are."""
    if hasattr(item, "_asdict"):
        return item._asdict()
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    return dict(item)  # type: ignore[call-overload]


class Rows(list):
    """A list of results (dataclasses or dicts) with `to_frame()`."""

    def to_frame(self):
        """The results as a pandas DataFrame, one row per result."""
        records = [record(item) for item in self]
        columns = list(records[0]) if records else None
        return pandas().DataFrame.from_records(records, columns=columns)
