"""What the endpoint refuses, as HTTP answers: a status and a one-line reason.

The SPARQL text is read by `roto.sparql_guard` (the lexer the query commands use too); this
module turns its refusals into 403 (updates, LOAD, SERVICE) or 400 (not a query), and adds
the endpoint's own rule: FROM / FROM NAMED and the protocol's graph parameters may name only
graphs of the local dataset, since anything else would mean fetching it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import RotoError
from ..sparql_guard import UnsafeQuery, dataset_graphs, query_form


class Refusal(Exception):
    """A request the endpoint will not run: HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason

    def __reduce__(self):  # crosses the pipe from a query worker
        return Refusal, (self.status, self.reason)


@dataclass(frozen=True)
class Inspection:
    form: str                       # SELECT, CONSTRUCT, DESCRIBE or ASK
    from_graphs: tuple[str, ...]    # IRIs named by FROM and FROM NAMED


def inspect_query(text: str, local_graphs: set[str]) -> Inspection:
    """The query form and FROM graphs of `text`, or a Refusal saying why it is not run."""
    try:
        form = query_form(text)
    except UnsafeQuery as exc:
        raise Refusal(403, str(exc)) from None
    except RotoError as exc:
        raise Refusal(400, str(exc)) from None
    graphs = dataset_graphs(text)
    for name in graphs:
        check_graph(name, local_graphs, "FROM")
    return Inspection(form, tuple(graphs))


def check_graph(name: str, local_graphs: set[str], where: str) -> None:
    """Refuse a dataset graph that is not in the store: using it would mean fetching it."""
    if name not in local_graphs:
        raise Refusal(403, f"{where} <{name}> is not a graph of this dataset; remote data is never fetched")
