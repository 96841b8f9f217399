"""Load the built graph into a remote triple store, replacing what ROTO put there before.

Two standard ways, each a single HTTP request so that the store applies all of it or none:

- SPARQL 1.1 Update (default): one request that drops and re-inserts each of ROTO's named
  graphs (`DROP SILENT GRAPH ...; INSERT DATA { GRAPH ... }`). Blank nodes shared between
  graphs stay shared. A body cut off in transit is a syntax error, so nothing runs.
- SPARQL 1.1 Graph Store Protocol (`--graph IRI`): one `PUT` of the whole graph (all named
  graphs merged) into the named graph IRI, which the store replaces.

Uses only the standard library's HTTP client; credentials come from an environment
variable, never from the command line. A redirect is never followed: it would carry the
graph and the credentials to another host. After the request, the graphs are read back
(CONSTRUCT on the query endpoint, or a Graph Store GET) so that success is reported only
for a store that holds them, and a connection that broke before the answer came is
followed by the same check, saying truthfully whether the new graph is there.
"""

from __future__ import annotations

import base64
import http.client
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass

from .errors import RotoError
from .store import built_dataset


@dataclass(frozen=True)
class Published:
    method: str
    graphs: int
    triples: int
    outcome: str  # the store's answer and how the result was checked


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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: it would carry the graph, and the credentials, elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


_OPENER = urllib.request.build_opener(_NoRedirect)


class _Uncertain(Exception):
    """The request may have reached the store, but no answer came back."""


class _Refused(RotoError):
    """The store answered with an error status: it did not act."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _send(request: urllib.request.Request, endpoint: str, timeout: float, doing: str = "the publish") -> tuple[int, bytes, str]:
    """Status, body and media type of the answer; RotoError for a definite failure (nothing
    sent, a refusal, a redirect), _Uncertain when the store may or may not have acted."""
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise RotoError(f"{endpoint} answered HTTP {exc.code} redirecting to {str(exc.headers.get('Location'))[:300]!r}: "
                            "redirects are not followed (nothing is sent elsewhere); give the store's own URL") from None
        detail = " ".join(exc.read(500).decode("utf-8", "replace").split())[:200]
        message = f"{endpoint} refused {doing}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        if exc.code >= 500:  # a gateway's 502/504 says nothing of what the store behind it did
            raise _Uncertain(message) from None
        raise _Refused(message, exc.code) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (ConnectionRefusedError, socket.gaierror)) or not isinstance(exc.reason, OSError):
            raise RotoError(f"cannot reach {endpoint}: {exc.reason}") from None
        raise _Uncertain(f"the connection to {endpoint} failed: {exc.reason}") from None
    except ValueError as exc:  # a malformed URL
        raise RotoError(f"publishing to {endpoint} failed: {exc}") from None
    except (OSError, http.client.HTTPException) as exc:  # reset, timeout, broken answer
        raise _Uncertain(f"the connection to {endpoint} broke: {str(exc) or type(exc).__name__}") from None


_XSD = "http://www.w3.org/2001/XMLSchema#"
# Stores may keep a number in a wider type ("1"^^xsd:positiveInteger read back as xsd:integer).
_INTEGERS = {_XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "negativeInteger",
                                 "nonPositiveInteger", "long", "int", "short", "byte", "unsignedLong",
                                 "unsignedInt", "unsignedShort", "unsignedByte")}


def _normal(triples) -> Counter:
    """Triples as comparable text, blank nodes unnamed (each store names its own), integers by value."""
    import pyoxigraph as ox

    def term(t):
        if isinstance(t, ox.BlankNode):
            return "_:"
        if isinstance(t, ox.Literal) and t.datatype.value in _INTEGERS:
            try:
                return f"integer {int(t.value)}"
            except ValueError:
                pass
        return str(t)
    return Counter((term(t.subject), str(t.predicate), term(t.object)) for t in triples)


def _stored(url: str, headers: dict, timeout: float):
    """The triples the store returns at `url` (a Graph Store GET or a CONSTRUCT query)."""
    import pyoxigraph as ox

    request = urllib.request.Request(url, headers={**headers, "Accept": "application/n-triples, text/turtle;q=0.9"})
    status, body, media_type = _send(request, url.split("?", 1)[0], timeout, "the check")
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    if status != 200 or rdf_format is None:
        raise RotoError(f"answered HTTP {status} with {media_type}, not RDF")
    return list(ox.parse(body, format=rdf_format))


def _check(expected: dict[str, list], endpoint: str, query_endpoint: str | None, gsp: bool,
           headers: dict, timeout: float) -> tuple[bool | None, str]:
    """Whether the store now holds each graph as sent (up to blank-node names); None when
    it cannot be asked, with the reason."""
    if query_endpoint is None and not gsp:
        return None, "no query endpoint to check with (--query-endpoint)"
    checked = query_endpoint or endpoint
    if _origin(checked) != _origin(endpoint):
        headers = {}  # credentials go only to the host they were given for
    for graph, triples in expected.items():
        if query_endpoint:
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            url = query_endpoint + ("&" if "?" in query_endpoint else "?") + urllib.parse.urlencode({"query": query})
        else:
            url = endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode({"graph": graph})
        try:
            held = _stored(url, headers, timeout)
        except _Refused as exc:
            if exc.code == 404 and not query_endpoint:
                return False, f"{checked} has no graph <{graph}>"
            return None, str(exc)
        except (RotoError, _Uncertain) as exc:
            return None, f"could not check at {checked}: {exc}"
        if _normal(held) != _normal(triples):
            return False, f"{checked} holds {len(held)} triples in <{graph}>, not the {len(triples)} sent"
    return True, f"checked at {checked}"


def _origin(url: str) -> tuple:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


def default_query_endpoint(endpoint: str) -> str | None:
    """The query endpoint next to an Update endpoint named `.../update` (Oxigraph, Fuseki)."""
    parts = urllib.parse.urlsplit(endpoint)
    if not parts.path.endswith("/update"):
        return None
    return urllib.parse.urlunsplit(parts._replace(path=parts.path[: -len("update")] + "query"))


def publish(endpoint: str, graph: str | None = None, user: str | None = None, password: str | None = None,
            timeout: float = 120.0, query_endpoint: str | None = None) -> Published:
    """Replace ROTO's graphs at `endpoint` (an Update endpoint, or a Graph Store with `graph`),
    then read them back; after a broken connection, say whether the store took them."""
    for option, url in (("--endpoint", endpoint), ("--query-endpoint", query_endpoint)):
        if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise RotoError(f"{option} {url!r} is not an http(s) URL")
    quads = _quads()
    headers = {}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    if graph is None:
        body = update_body(quads).encode("utf-8")
        request = urllib.request.Request(endpoint, data=body, method="POST",
                                         headers={**headers, "Content-Type": "application/sparql-update; charset=utf-8"})
        expected: dict[str, list] = defaultdict(list)
        for quad in quads:
            expected[quad.graph_name.value].append(quad.triple)
        method = "SPARQL Update"
        query_endpoint = query_endpoint or default_query_endpoint(endpoint)
    else:
        if urllib.parse.urlsplit(graph).scheme == "":
            raise RotoError(f"--graph {graph!r} is not an absolute IRI")
        target = endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode({"graph": graph})
        request = urllib.request.Request(target, data=graph_body(quads), method="PUT",
                                         headers={**headers, "Content-Type": "application/n-triples"})
        expected = {graph: list({q.triple: None for q in quads})}
        method = "Graph Store Protocol PUT"
    triples = len({q.triple for q in quads})
    try:
        status, _, _ = _send(request, endpoint, timeout)
    except _Uncertain as exc:
        held, how = _check(expected, endpoint, query_endpoint, graph is not None, headers, timeout)
        if held:
            return Published(method, len(expected), triples, f"{exc}; yet the store holds the new graph, {how}")
        verdict = "the store does not hold the new graph" if held is False else "whether the store took the graph is unknown"
        raise RotoError(f"{exc}; {verdict}: {how}") from None
    held, how = _check(expected, endpoint, query_endpoint, graph is not None, headers, timeout)
    if held is False:
        raise RotoError(f"{endpoint} answered HTTP {status}, but the store does not hold the new graph: {how}")
    return Published(method, len(expected), triples, f"HTTP {status}; " + (how if held else f"not checked: {how}"))
