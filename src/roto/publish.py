"""Load the built graph into a remote triple store, replacing what ROTO put there before.

Two standard ways, each a single HTTP request so that the store applies all of it or none:

- SPARQL 1.1 Update (default): one request that drops and re-inserts each of ROTO's named
  graphs (`DROP SILENT GRAPH ...; INSERT DATA { GRAPH ... }`). Blank nodes shared between
  graphs stay shared. A body cut off in transit is a syntax error, so nothing runs.
- SPARQL 1.1 Graph Store Protocol (`--graph IRI`): one `PUT` of the whole graph (all named
  graphs merged) into the named graph IRI, which the store replaces.

Uses only the standard library's HTTP client; credentials come from an environment
variable, never from the command line.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass

from .errors import RotoError
from .store import built_dataset


@dataclass(frozen=True)
class Published:
    method: str
    graphs: int
    triples: int
    status: int


def _quads():
    import pyoxigraph as ox

    return list(ox.parse(path=built_dataset(), format=ox.RdfFormat.N_QUADS))


def update_body(quads) -> str:
    """One SPARQL Update request replacing each named graph of `quads`."""
    by_graph: dict[str, list[str]] = defaultdict(list)
    for quad in quads:
        by_graph[quad.graph_name.value].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    drops = "".join(f"DROP SILENT GRAPH <{graph}> ;\n" for graph in sorted(by_graph))
    inserts = "".join(f"GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n}\n" for graph, lines in sorted(by_graph.items()))
    return f"{drops}INSERT DATA {{\n{inserts}}}\n"


def graph_body(quads) -> bytes:
    """The merged graph as N-Triples, for a Graph Store Protocol PUT."""
    lines = sorted({f"{q.subject} {q.predicate} {q.object} ." for q in quads})
    return ("\n".join(lines) + "\n").encode("utf-8")


def _send(request: urllib.request.Request, endpoint: str, timeout: float) -> int:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(500).decode("utf-8", "replace").split())[:200]
        raise RotoError(f"{endpoint} refused the publish: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
    except urllib.error.URLError as exc:
        raise RotoError(f"cannot reach {endpoint}: {exc.reason}") from None
    except (OSError, ValueError) as exc:  # connection reset, timeout, malformed URL
        raise RotoError(f"publishing to {endpoint} failed: {exc}") from None


def publish(endpoint: str, graph: str | None = None, user: str | None = None, password: str | None = None,
            timeout: float = 120.0) -> Published:
    """Replace ROTO's graphs at `endpoint` (an Update endpoint, or a Graph Store with `graph`)."""
    scheme = urllib.parse.urlsplit(endpoint).scheme
    if scheme not in ("http", "https"):
        raise RotoError(f"--endpoint {endpoint!r} is not an http(s) URL")
    quads = _quads()
    headers = {}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    if graph is None:
        body = update_body(quads).encode("utf-8")
        request = urllib.request.Request(endpoint, data=body, method="POST",
                                         headers={**headers, "Content-Type": "application/sparql-update; charset=utf-8"})
        graphs = len({q.graph_name.value for q in quads})
        method = "SPARQL Update"
    else:
        if urllib.parse.urlsplit(graph).scheme == "":
            raise RotoError(f"--graph {graph!r} is not an absolute IRI")
        target = endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode({"graph": graph})
        request = urllib.request.Request(target, data=graph_body(quads), method="PUT",
                                         headers={**headers, "Content-Type": "application/n-triples"})
        graphs = 1
        method = "Graph Store Protocol PUT"
    status = _send(request, endpoint, timeout)
    return Published(method, graphs, len({(q.subject, q.predicate, q.object) for q in quads}), status)
