"""`roto publish` against a real Oxigraph server: the remote answers every canned query as
the embedded store does, and a publish cut off midway leaves the previous graph."""

from __future__ import annotations

import shutil
import socket
import threading

import pytest

from conftest import require, run_roto
from servers import free_port, oxigraph_server

pytestmark = pytest.mark.server
ROTO_GRAPHS = [f"https://w3id.org/roto/graph/{g}" for g in ("ontology", "assertions", "provenance", "references", "mappings")]
# Values for canned-query parameters that have no default.
SAMPLE_VALUES = {"review": "<https://doi.org/10.1192/bjp.bp.113.135038>"}
SENTINEL = "<urn:roto-test:old> <urn:roto-test:was> \"the previous graph\" ."


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    require(shutil.which("oxigraph") is not None, "the oxigraph server is not installed (pip install oxigraph)")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def remote(url: str, query: str):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{url}/query")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client.queryAndConvert()


def update(url: str, text: str) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(f"{url}/query", updateEndpoint=f"{url}/update")
    client.setMethod(POST)
    client.setQuery(text)
    client.query()


def graph_contents(url: str) -> dict[str, set]:
    rows = remote(url, "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")["results"]["bindings"]
    found: dict[str, set] = {}
    for row in rows:
        key = tuple((row[v]["type"], row[v]["value"] if row[v]["type"] != "bnode" else "_") for v in "spo")
        found.setdefault(row["g"]["value"], set()).add(key)
    return found


def _comparable(result):
    """An engine's answer with blank-node labels hidden (each store mints its own)."""
    import pyoxigraph as ox

    def term(t):
        return "_:b" if isinstance(t, ox.BlankNode) else t
    if hasattr(result, "rows"):
        return result.variables, sorted((tuple(map(term, row)) for row in result.rows), key=repr)
    if hasattr(result, "triples"):
        return sorted(((term(t.subject), t.predicate, term(t.object)) for t in result.triples), key=repr)
    return result.value


def test_publish_then_every_canned_query_answers_as_locally(oxigraph):
    from roto.engine import open_engine
    from roto.queries import all_queries, run
    from roto.remote import RemoteEngine

    result = run_roto("publish", "--endpoint", f"{oxigraph}/update")
    assert result.returncode == 0, result.stderr
    assert set(graph_contents(oxigraph)) >= set(ROTO_GRAPHS)
    local, far = open_engine(), RemoteEngine(f"{oxigraph}/query")
    queries = all_queries()
    assert len(queries) > 10
    for name, query in queries.items():
        values = {p.name: SAMPLE_VALUES[p.name] for p in query.params if p.default is None}
        here, there = run(local, query, values), run(far, query, values)
        assert type(here) is type(there), name
        assert _comparable(there) == _comparable(here), name
        if not name.startswith("checks/"):  # a check's rows are defects: none is the right answer
            assert len(here) > 0, f"{name} has no rows locally: the comparison would prove nothing"


@pytest.mark.parametrize("command", [
    ["query", "models-by-resource", "--param", "resource=decision-making"],
    ["query", "evidence", "--format", "json"],
    ["models", "--relationship", "peers", "--reciprocity", "reciprocal"],
    ["evidence", "open-dialogue", "--format", "csv"],
    ["table", "resources", "--format", "csv"],
    ["table", "relationships"],
])
def test_commands_print_the_same_with_endpoint(oxigraph, command):
    assert run_roto("publish", "--endpoint", f"{oxigraph}/update").returncode == 0
    local = run_roto(*command)
    remote_run = run_roto(*command, "--endpoint", f"{oxigraph}/query")
    assert local.returncode == 0, local.stderr
    assert remote_run.returncode == 0, remote_run.stderr
    assert remote_run.stdout == local.stdout and local.stdout.strip()


def test_query_on_a_dead_endpoint_is_one_line_and_exit_2():
    result = run_roto("models", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.returncode == 2
    assert result.stderr.startswith("roto: error: cannot reach") and result.stderr.count("\n") == 1


def test_publish_twice_replaces_rather_than_adds(oxigraph, store):
    for _ in range(2):
        assert run_roto("publish", "--endpoint", f"{oxigraph}/update").returncode == 0
    contents = graph_contents(oxigraph)
    for graph in ROTO_GRAPHS:
        expected = len(list(store.quads_for_pattern(None, None, None, __import__("pyoxigraph").NamedNode(graph))))
        assert len(contents[graph]) <= expected  # blank nodes collapse to "_" in the comparison key
        count = remote(oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert int(count["results"]["bindings"][0]["n"]["value"]) == expected


def test_graph_store_put_into_one_named_graph(oxigraph, store):
    target = "https://example.org/published/roto"
    update(oxigraph, f"INSERT DATA {{ GRAPH <{target}> {{ {SENTINEL} }} }}")
    result = run_roto("publish", "--endpoint", f"{oxigraph}/store", "--graph", target)
    assert result.returncode == 0, result.stderr
    count = remote(oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")
    assert int(count["results"]["bindings"][0]["n"]["value"]) == len({q.triple for q in store})
    old = remote(oxigraph, f"ASK {{ GRAPH <{target}> {{ {SENTINEL} }} }}")
    assert old["boolean"] is False


class CuttingProxy:
    """Forwards one connection to `upstream` but only its first `cut` bytes, then drops both sides."""

    def __init__(self, upstream_port: int, cut: int) -> None:
        self.port = free_port()
        self.cut = cut
        self.forwarded = 0
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._upstream = upstream_port
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        client, _ = self._listener.accept()
        upstream = socket.create_connection(("127.0.0.1", self._upstream))
        while self.forwarded < self.cut:
            data = client.recv(65536)
            if not data:
                break
            part = data[: self.cut - self.forwarded]
            upstream.sendall(part)
            self.forwarded += len(part)
        upstream.close()
        client.close()
        self._listener.close()

    def join(self) -> None:
        self._thread.join(30)


@pytest.mark.parametrize("mode", ["update", "graph-store"])
def test_publish_cut_off_midway_leaves_the_previous_graph(oxigraph, mode):
    target = "https://example.org/cut/roto"
    graphs = ROTO_GRAPHS if mode == "update" else [target]
    for graph in graphs:
        update(oxigraph, f"DROP SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{ {SENTINEL} }} }}")
    before = graph_contents(oxigraph)
    port = int(oxigraph.rsplit(":", 1)[1])
    proxy = CuttingProxy(port, cut=150_000)  # headers and part of a body of several hundred kB
    args = ["--endpoint", f"http://127.0.0.1:{proxy.port}/update"] if mode == "update" else \
           ["--endpoint", f"http://127.0.0.1:{proxy.port}/store", "--graph", target]
    result = run_roto("publish", *args, "--timeout", "20")
    proxy.join()
    assert proxy.forwarded == 150_000
    assert result.returncode == 2
    assert result.stderr.startswith("roto: error:") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    after = graph_contents(oxigraph)
    assert {g: after.get(g) for g in graphs} == {g: before[g] for g in graphs}


def test_dead_endpoint_is_one_line_and_exit_2():
    result = run_roto("publish", "--endpoint", f"http://127.0.0.1:{free_port()}/update", "--timeout", "5")
    assert result.returncode == 2
    assert result.stderr.startswith("roto: error: cannot reach") and result.stderr.count("\n") == 1


def test_refused_publish_is_one_line_and_changes_nothing(oxigraph):
    before = graph_contents(oxigraph)
    result = run_roto("publish", "--endpoint", f"{oxigraph}/no-such-service")
    assert result.returncode == 2 and "HTTP 404" in result.stderr and result.stderr.count("\n") == 1
    assert graph_contents(oxigraph) == before


def test_password_comes_from_the_environment():
    """Basic credentials reach the store; the password is read from the named variable."""
    import base64
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []

    class Store(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((self.headers["Authorization"], self.headers["Content-Type"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Store)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/update"
    try:
        missing = run_roto("publish", "--endpoint", url, "--user", "u", "--password-env", "ROTO_TEST_NO_SUCH_VAR")
        assert missing.returncode == 2 and "ROTO_TEST_NO_SUCH_VAR is not set" in missing.stderr and not seen
        result = run_roto("publish", "--endpoint", url, "--user", "editor", "--password-env", "ROTO_TEST_PW",
                          env={"ROTO_TEST_PW": "s3cret"})
        assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [("Basic " + base64.b64encode(b"editor:s3cret").decode(), "application/sparql-update; charset=utf-8")]
