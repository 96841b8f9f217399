"""A remote SPARQL endpoint as a query engine, through SPARQLWrapper.

`roto query`, `roto models`, `roto evidence` and `roto sparql` take `--endpoint URL` and
run the same canned queries there: answers come back as SPARQL JSON results (SELECT, ASK)
or Turtle (CONSTRUCT, DESCRIBE) and are parsed into the same `Solutions`, `Boolean` and
`Graph` values the local engine returns, so every command prints the same thing. The
store must answer over the union of its named graphs, as the local engine does
(Oxigraph: `oxigraph serve --union-default-graph`; Fuseki: `tdb2:unionDefaultGraph true`).
"""

from __future__ import annotations

import urllib.error
import urllib.parse

import pyoxigraph as ox

from .engine import Engine, Graph, Result, materialise, one_line
from .errors import RotoError
from .sparql_guard import query_form


class RemoteEngine(Engine):
    """Queries a SPARQL 1.1 Protocol endpoint (e.g. http://127.0.0.1:7878/query)."""

    def __init__(self, endpoint: str, timeout: float = 60.0) -> None:
        if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
            raise RotoError(f"--endpoint {endpoint!r} is not an http(s) URL")
        self.endpoint = endpoint
        self.timeout = timeout

    def query(self, sparql: str) -> Result:
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        # SPARQLWrapper guesses the form from words anywhere, comments included ("adds" in
        # a comment made it send a query as an update); ROTO's lexer skips comments and strings.
        form = query_form(sparql)
        client = SPARQLWrapper(self.endpoint, agent="roto (SPARQLWrapper)")
        client.setMethod(POST)  # canned queries with VALUES can outgrow a URL
        client.setTimeout(int(self.timeout))
        client.setQuery(sparql)
        client.queryType = form
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        client.setReturnFormat(TURTLE if graph_form else JSON)
        try:
            response = client.query().response
            body = response.read()
        except SPARQLWrapperException as exc:
            raise RotoError(f"{self.endpoint}: {one_line(str(exc))}") from None
        except urllib.error.HTTPError as exc:
            raise RotoError(f"{self.endpoint}: HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            raise RotoError(f"cannot reach {self.endpoint}: {exc.reason}") from None
        except OSError as exc:  # reset, timeout
            raise RotoError(f"querying {self.endpoint} failed: {exc}") from None
        try:
            if graph_form:
                return Graph(tuple(quad.triple for quad in ox.parse(body, format=ox.RdfFormat.TURTLE)))
            return materialise(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
        except SyntaxError as exc:
            raise RotoError(f"{self.endpoint} sent an answer that is not valid {'Turtle' if graph_form else 'SPARQL JSON'}: "
                            f"{one_line(str(exc))}") from None

