"""`roto publish` against a real Oxigraph server: the remote answers every canned query as
the embedded store does, and a publish cut off midway leaves the previous graph."""

from __future__ import annotations

import select
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ROOT, assert_refused, require
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


@pytest.fixture(scope="module")
def roto():
    """`roto(*ARGS)`: what conftest's `run_roto` gives, from one long-lived child for the module
    (tests/in_process.py): the subject here is what publish and the queries do with a store,
    not how a process starts. The child's environment holds the password ROTO_TEST_PW."""
    from in_process import Runner

    with Runner(env={"ROTO_TEST_PW": "s3cret"}) as runner:
        yield lambda *args: runner.run(list(args), ROOT)


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


def test_publish_then_every_canned_query_answers_as_locally(oxigraph, roto):
    from roto.engine import open_engine
    from roto.queries import all_queries, run
    from roto.remote import RemoteEngine

    result = roto("publish", "--endpoint", f"{oxigraph}/update")
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


@pytest.fixture(scope="module")
def published(oxigraph, roto):
    """The release published once for the commands compared below (they only read the store)."""
    assert roto("publish", "--endpoint", f"{oxigraph}/update").returncode == 0


@pytest.mark.parametrize("command", [
    ["query", "models-by-resource", "--param", "resource=decision-making"],
    ["query", "evidence", "--format", "json"],
    ["models", "--relationship", "peers", "--reciprocity", "reciprocal"],
    ["evidence", "open-dialogue", "--format", "csv"],
    ["table", "resources", "--format", "csv"],
    ["table", "relationships"],
])
def test_commands_print_the_same_with_endpoint(oxigraph, published, command, roto):
    local = roto(*command)
    remote_run = roto(*command, "--endpoint", f"{oxigraph}/query")
    assert local.returncode == 0, local.stderr
    assert remote_run.returncode == 0, remote_run.stderr
    assert remote_run.stdout == local.stdout and local.stdout.strip()


def test_query_on_a_dead_endpoint_is_one_line_and_exit_2(roto):
    result = roto("models", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.returncode == 2
    assert result.stderr.startswith("roto: error: cannot reach") and result.stderr.count("\n") == 1


def test_publish_twice_replaces_rather_than_adds(oxigraph, store, roto):
    for _ in range(2):
        assert roto("publish", "--endpoint", f"{oxigraph}/update").returncode == 0
    contents = graph_contents(oxigraph)
    for graph in ROTO_GRAPHS:
        expected = len(list(store.quads_for_pattern(None, None, None, __import__("pyoxigraph").NamedNode(graph))))
        assert len(contents[graph]) <= expected  # blank nodes collapse to "_" in the comparison key
        count = remote(oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert int(count["results"]["bindings"][0]["n"]["value"]) == expected


def test_graph_store_put_into_one_named_graph(oxigraph, store, roto):
    target = "https://example.org/published/roto"
    update(oxigraph, f"INSERT DATA {{ GRAPH <{target}> {{ {SENTINEL} }} }}")
    result = roto("publish", "--endpoint", f"{oxigraph}/store", "--graph", target)
    assert result.returncode == 0, result.stderr
    count = remote(oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")
    assert int(count["results"]["bindings"][0]["n"]["value"]) == len({q.triple for q in store})
    old = remote(oxigraph, f"ASK {{ GRAPH <{target}> {{ {SENTINEL} }} }}")
    assert old["boolean"] is False


class Proxy:
    """A loopback relay to `upstream`. Its first connection is spoiled: only the first `cut`
    bytes of the request are passed on (then both sides are dropped), or with `drop_reply`
    the whole request is passed on and the store's answer withheld. Later connections (the
    publisher checking the store) are relayed in full."""

    def __init__(self, upstream_port: int, cut: int | None = None, drop_reply: bool = False) -> None:
        self.port = free_port()
        self.cut, self.drop_reply = cut, drop_reply
        self.forwarded = 0
        self.answered = threading.Event()  # the store answered the spoiled request
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.05)
        self._stop = threading.Event()
        self._upstream = upstream_port
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            client.settimeout(None)
            with client, socket.create_connection(("127.0.0.1", self._upstream)) as upstream:
                self._relay(client, upstream, spoil=first)
            first = False

    def _relay(self, client, upstream, spoil: bool) -> None:
        while True:
            readable, _, _ = select.select([client, upstream], [], [], 30)
            if not readable:
                return
            if client in readable:
                data = client.recv(65536)
                if not data:
                    return
                if spoil and self.cut is not None:
                    data = data[: self.cut - self.forwarded]
                upstream.sendall(data)
                if spoil:
                    self.forwarded += len(data)
                    if self.cut is not None and self.forwarded >= self.cut:
                        return
            if upstream in readable:
                data = upstream.recv(65536)
                if spoil:
                    self.answered.set()
                if not data or (spoil and self.drop_reply):
                    return
                client.sendall(data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(30)
        self._listener.close()


def _args(mode: str, port: int, target: str) -> list[str]:
    if mode == "update":
        return ["--endpoint", f"http://127.0.0.1:{port}/update"]
    return ["--endpoint", f"http://127.0.0.1:{port}/store", "--graph", target]


def _plant(url: str, graphs: list[str]) -> None:
    for graph in graphs:
        update(url, f"DROP SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{ {SENTINEL} }} }}")


@pytest.mark.parametrize("mode", ["update", "graph-store"])
def test_publish_cut_off_midway_leaves_the_previous_graph_and_says_so(oxigraph, mode, roto):
    target = "https://example.org/cut/roto"
    graphs = ROTO_GRAPHS if mode == "update" else [target]
    _plant(oxigraph, graphs)
    before = graph_contents(oxigraph)
    proxy = Proxy(int(oxigraph.rsplit(":", 1)[1]), cut=150_000)  # headers and part of a body of several hundred kB
    try:
        result = roto("publish", *_args(mode, proxy.port, target), "--timeout", "20")
    finally:
        proxy.close()
    assert proxy.forwarded == 150_000
    assert_refused(result, "the store does not hold the new graph")
    after = graph_contents(oxigraph)
    assert {g: after.get(g) for g in graphs} == {g: before[g] for g in graphs}


@pytest.mark.parametrize("mode", ["update", "graph-store"])
def test_publish_whose_answer_is_lost_checks_and_reports_the_new_graph(oxigraph, mode, store, roto):
    """The store commits, then the connection drops before its answer arrives: the
    publisher reads the store back and reports, truthfully, that the new graph is there."""
    target = "https://example.org/lost-answer/roto"
    graphs = ROTO_GRAPHS if mode == "update" else [target]
    _plant(oxigraph, graphs)
    proxy = Proxy(int(oxigraph.rsplit(":", 1)[1]), drop_reply=True)
    try:
        result = roto("publish", *_args(mode, proxy.port, target), "--timeout", "20")
    finally:
        proxy.close()
    assert proxy.answered.is_set()
    assert result.returncode == 0, result.stderr
    assert "yet the store holds the new graph" in result.stdout and result.stdout.count("\n") == 1
    for graph in graphs:
        assert remote(oxigraph, f"ASK {{ GRAPH <{graph}> {{ {SENTINEL} }} }}")["boolean"] is False
    count = remote(oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graphs[0]}> {{ ?s ?p ?o }} }}")
    assert int(count["results"]["bindings"][0]["n"]["value"]) > 100


class Recorder(ThreadingHTTPServer):
    """A loopback HTTP server that answers every request with `status` (and `location`) and
    records each request's method, path and Authorization header."""

    def __init__(self, status: int, location: str | None = None, body: bytes = b"") -> None:
        self.status, self.location, self.body, self.seen = status, location, body, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                outer.seen.append((self.command, self.path, self.headers.get("Authorization")))
                self.send_response(outer.status)
                if outer.location:
                    self.send_header("Location", outer.location)
                self.send_header("Content-Type", "application/n-triples")
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.shutdown()
        self.server_close()


@pytest.mark.parametrize("mode", ["update", "graph-store"])
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_is_never_followed_and_credentials_stay_home(code, mode, roto):
    elsewhere = Recorder(200)
    location = f"{elsewhere.url}/elsewhere"
    redirecting = Recorder(code, location)
    try:
        result = roto("publish", *_args(mode, redirecting.server_address[1], "https://example.org/roto"),
                      "--user", "editor", "--password-env", "ROTO_TEST_PW")
    finally:
        redirecting.close()
        elsewhere.close()
    assert_refused(result, f"HTTP {code}", location, "not followed")
    assert [(m, auth is not None) for m, _, auth in redirecting.seen] == [("POST" if mode == "update" else "PUT", True)]
    assert elsewhere.seen == []


def test_a_store_that_says_yes_but_keeps_nothing_is_not_reported_as_published(roto):
    """A server answering 200 to the publish and an empty graph when read back."""
    liar = Recorder(200)
    try:
        update_mode = roto("publish", "--endpoint", f"{liar.url}/update")
        graph_store = roto("publish", "--endpoint", f"{liar.url}/store", "--graph", "https://example.org/roto")
    finally:
        liar.close()
    for result in (update_mode, graph_store):
        assert_refused(result, "answered HTTP 200, but the store does not hold the new graph")
    assert [m for m, _, _ in liar.seen] == ["POST", "GET", "PUT", "GET"]  # each publish, then its check


def test_dead_endpoint_is_one_line_and_exit_2(roto):
    result = roto("publish", "--endpoint", f"http://127.0.0.1:{free_port()}/update", "--timeout", "5")
    assert result.returncode == 2
    assert result.stderr.startswith("roto: error: cannot reach") and result.stderr.count("\n") == 1


def test_refused_publish_is_one_line_and_changes_nothing(oxigraph, roto):
    before = graph_contents(oxigraph)
    result = roto("publish", "--endpoint", f"{oxigraph}/no-such-service")
    assert result.returncode == 2 and "HTTP 404" in result.stderr and result.stderr.count("\n") == 1
    assert graph_contents(oxigraph) == before


def test_password_comes_from_the_environment(roto):
    """Basic credentials reach the store; the password is read from the named variable."""
    import base64

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
        missing = roto("publish", "--endpoint", url, "--user", "u", "--password-env", "ROTO_TEST_NO_SUCH_VAR")
        assert missing.returncode == 2 and "ROTO_TEST_NO_SUCH_VAR is not set" in missing.stderr and not seen
        result = roto("publish", "--endpoint", url, "--user", "editor", "--password-env", "ROTO_TEST_PW")
        assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [("Basic " + base64.b64encode(b"editor:s3cret").decode(), "application/sparql-update; charset=utf-8")]
