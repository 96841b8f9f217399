"""`roto serve` facing hostile or careless clients (issue 13, findings 3, 9 and 10): each
test sends what broke the server before (a body behind `Content-Length: -1`, a half-sent
request, `--host ::1`, `--timeout nan`, a forged Host header) to a real `roto serve`."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import io
import json
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import ROOT, assert_refused, require
from servers import roto_serve

pytestmark = pytest.mark.server

HOSTILE = Path(__file__).parent / "hostile" / "http"
ASK = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"
CAP = 256 * 1024
MARKER = b"evilhost"  # every forged Host in these tests holds it; no answer may


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`roto serve` with a 1 s client timeout (so a whole request must arrive within 3 s)."""
    with roto_serve(tmp_path_factory.mktemp("serve"), "--workers", "2", "--client-timeout", "1") as server:
        yield server


# -- raw HTTP --------------------------------------------------------------------------------
def exchange(port: int, data: bytes, host: str = "127.0.0.1", wait: float = 20.0) -> bytes:
    """Send `data` as it is, without closing our side, and read until the server closes."""
    with socket.create_connection((host, port), timeout=wait) as sock:
        sock.sendall(data)
        received = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                received += chunk
        return received


def parse(reply: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = reply.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def get(port: int, path: str, headers: dict | None = None, host: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    """A GET with exactly these headers (a Host among them is sent as given)."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        headers = dict(headers or {})
        connection.putrequest("GET", path, skip_host="Host" in headers, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def ask_works(port: int, host: str = "127.0.0.1") -> bool:
    status, _, body = get(port, "/sparql?" + urlencode({"query": ASK}), {"Accept": JSON}, host)
    return status == 200 and json.loads(body)["boolean"] is True


# -- finding 3: the body limit holds whatever Content-Length says -------------------------------
class _EndlessBody(io.RawIOBase):
    """A request body that never ends, counting what is read from it; reading 4 caps of
    it means the application is buffering without bound."""

    def __init__(self) -> None:
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        assert self.taken <= 4 * CAP, "the application read far past its body limit"
        buffer[:] = b"#" * len(buffer)
        self.taken += len(buffer)
        return len(buffer)


@pytest.fixture(scope="module")
def app():
    from roto.web.app import Limits, RotoApp

    app = RotoApp(limits=Limits(workers=1))
    yield app
    app.close()


@pytest.mark.parametrize("headers, status, most", [
    ({"CONTENT_LENGTH": "-1"}, 400, 0),
    ({"CONTENT_LENGTH": ""}, 411, 0),
    ({"CONTENT_LENGTH": "99999999999999999999999"}, 413, 0),
    ({"CONTENT_LENGTH": str(CAP + 1)}, 413, 0),
    ({"CONTENT_LENGTH": "1e3"}, 400, 0),
    ({"CONTENT_LENGTH": "20"}, 400, 20),  # lying: the body goes on; only 20 bytes are the query
    ({"CONTENT_LENGTH": "20", "HTTP_TRANSFER_ENCODING": "chunked"}, 411, 0),
])
def test_the_application_reads_no_more_than_the_capped_declared_length(app, headers, status, most):
    from wsgiref.util import setup_testing_defaults

    body = _EndlessBody()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/sparql", "CONTENT_TYPE": "application/sparql-query",
               "wsgi.input": body, **headers}
    setup_testing_defaults(environ)
    answered = []
    reply = b"".join(app(environ, lambda s, h: answered.append(s)))
    assert answered[0].startswith(str(status)), reply
    assert reply.count(b"\n") == 1
    assert body.taken <= most


def peak_rss_growth(pid: int, action) -> int:
    """Bytes by which the process's peak resident memory rose while `action` ran."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the peak to the current size

    def field(name: str) -> int:
        line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith(name + ":"))
        return int(line.split()[1]) * 1024
    before = field("VmRSS")
    action()
    return field("VmHWM") - before


@pytest.mark.parametrize("declared", ["-1", "64"])
def test_a_big_body_behind_a_negative_or_lying_length_is_refused_and_not_buffered(served, declared):
    body = 64 * 1024 * 1024
    replies = []

    def post() -> None:
        with socket.create_connection(("127.0.0.1", served.port), timeout=60) as sock:
            sock.sendall(f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         f"Content-Length: {declared}\r\n\r\n".encode())

            def pour() -> None:  # the body, until the server stops taking it
                chunk = b"#" * 65536
                with contextlib.suppress(OSError):
                    for _ in range(body // len(chunk)):
                        sock.sendall(chunk)
                    sock.shutdown(socket.SHUT_WR)
            pourer = threading.Thread(target=pour, daemon=True)
            pourer.start()
            received = b""
            with contextlib.suppress(ConnectionResetError):
                while b"\r\n\r\n" not in received and (chunk := sock.recv(65536)):
                    received += chunk
            replies.append(received)
            pourer.join(60)

    growth = peak_rss_growth(served.process.pid, post)
    status = parse(replies[0])[0]
    assert status == 400, replies[0]
    assert growth < 16 * 1024 * 1024, f"the server grew by {growth / 2**20:.0f} MB for a refused body"
    assert ask_works(served.port)


# -- finding 9: slow, silent and half-sent connections -------------------------------------------
def test_idle_half_sent_and_trickling_connections_are_dropped_while_others_are_served(served):
    idle = socket.create_connection(("127.0.0.1", served.port))
    half = socket.create_connection(("127.0.0.1", served.port))
    half.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Le")
    trickle = socket.create_connection(("127.0.0.1", served.port))

    def drip() -> None:  # one header byte every 0.3 s: never silent for the 1 s limit
        with contextlib.suppress(OSError):
            trickle.sendall(b"GET /sparql HTTP/1.1\r\nX-Slow: ")
            for _ in range(100):
                trickle.sendall(b"a")
                time.sleep(0.3)
    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        assert all(ask_works(served.port) for _ in range(5))  # the others are served meanwhile
        for sock in (idle, half, trickle):
            sock.settimeout(20)  # far beyond the 1 s silence and 3 s request limits
            with contextlib.suppress(ConnectionResetError):
                assert sock.recv(1024) == b""  # closed by the server, without an answer
    finally:
        for sock in (idle, half, trickle):
            sock.close()
    dripper.join(40)
    assert not dripper.is_alive()


# -- bounded resources: the query workers ------------------------------------------------------------
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # busy to the time limit


def post_query(port: int, query: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query", "Accept": JSON})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_second_long_query_is_stopped_so_quick_ones_keep_a_worker():
    """Two workers: one may run a long query, the other stays for quick ones (before, two
    slow queries held every worker and a simple ASK waited for them)."""
    from http_helpers import running
    from roto.web.app import Limits, RotoApp

    with running(RotoApp(limits=Limits(workers=2, timeout=4))) as port:
        answers = []
        slow = [threading.Thread(target=lambda: answers.append(post_query(port, CROSS_PRODUCT))) for _ in range(2)]
        for thread in slow:
            thread.start()
        time.sleep(1.5)  # both have run past the 1 s that makes a query long
        assert ask_works(port)
        for thread in slow:
            thread.join(30)
    assert sorted(status for status, _ in answers) == [422, 503], answers
    busy = next(body for status, body in answers if status == 503).decode()
    assert busy == "this endpoint runs at most 1 long (over 1 s) queries at once and is running them; this one was stopped; try again shortly\n"


def test_a_quick_query_kept_waiting_for_a_core_is_answered_not_stopped_as_long():
    """A query becomes long by the CPU it used, not by its wait: with the one long slot taken,
    a quick ASK whose worker gets no CPU for 2 s (stopped, as a saturated machine would leave
    it) is answered when it runs, not refused as a second long query."""
    import os
    import signal

    from http_helpers import running
    from roto.web.app import Limits, RotoApp

    app = RotoApp(limits=Limits(workers=2, timeout=8))
    with running(app) as port:
        answers = []
        slow = threading.Thread(target=lambda: answers.append(post_query(port, CROSS_PRODUCT)))
        slow.start()
        time.sleep(1.5)  # the cross product is long now, in the one long slot
        (idle,) = list(app.pool._idle.queue)
        os.kill(idle.process.pid, signal.SIGSTOP)
        threading.Timer(2.0, os.kill, (idle.process.pid, signal.SIGCONT)).start()
        started = time.monotonic()
        status, body = post_query(port, "ASK { ?s ?p ?o }")
        assert time.monotonic() - started >= 1.9  # it did wait for its worker
        assert (status, json.loads(body)["boolean"]) == (200, True), body
        slow.join(30)
    assert [status for status, _ in answers] == [422]


def test_a_worker_killed_mid_query_is_a_422_and_is_replaced():
    """As the kernel's OOM killer or a crash would end it."""
    import os
    import signal

    from http_helpers import running
    from roto.web.app import Limits, RotoApp

    app = RotoApp(limits=Limits(workers=1, timeout=20))
    with running(app) as port:
        (worker,) = app.pool._all
        threading.Timer(1.0, os.kill, (worker.process.pid, signal.SIGKILL)).start()
        status, body = post_query(port, CROSS_PRODUCT)
        assert status == 422 and b"stopped its worker process" in body
        assert ask_works(port)
        assert worker not in app.pool._all and len(app.pool._all) == 1


# -- finding 10: IPv6, options, the Host header, security headers -------------------------------
def test_ipv6_loopback(tmp_path):
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("this machine has no IPv6 loopback address (::1)")
    with roto_serve(tmp_path, "--workers", "1", host="::1") as server:
        assert server.host == "::1"
        assert ask_works(server.port, host="::1")
        status, _, void = get(server.port, "/void.ttl", host="::1")
        assert status == 200 and f"<http://[::1]:{server.port}/sparql>".encode() in void


@pytest.mark.parametrize("option, value, says", [
    ("--timeout", "nan", "a number of seconds above 0"),
    ("--timeout", "inf", "a number of seconds above 0"),
    ("--timeout", "1e999", "a number of seconds above 0"),
    ("--timeout", "0", "a number of seconds above 0"),
    ("--timeout", "-5", "a number of seconds above 0"),
    ("--timeout", "ten", "a number of seconds above 0"),
    ("--client-timeout", "nan", "a number of seconds above 0"),
    ("--client-timeout", "1e6", "at most 3600"),
    ("--port", "-1", "a port is a number from 0 to 65535"),
    ("--port", "65536", "a port is a number from 0 to 65535"),
    ("--port", "http", "a port is a number from 0 to 65535"),
    ("--max-rows", "0", "a whole number from 1"),
    ("--max-rows", "1.5", "a whole number from 1"),
    ("--workers", "0", "a whole number from 1 to 64"),
    ("--workers", "1000", "a whole number from 1 to 64"),
    ("--max-request", "10", "a whole number from 1024"),
    ("--public-url", "ftp://example.org/", "not an http(s) URL"),
    ("--public-url", "https://example.org/roto/\n", "not an http(s) URL"),
    ("--public-url", "https://exa mple.org/", "not an http(s) URL"),
    ("--public-url", "https://example.org/?q=1", "not an http(s) URL"),
    ("--host", "", "not a host name or address"),
    ("--host", "127.0.0.1\n", "not a host name or address"),
    ("--host", "192.0.2.1", "cannot listen on 192.0.2.1"),  # a documentation address: not this machine's
])
def test_bad_options_are_one_line_and_exit_2(option, value, says, roto_runner):
    """Through the module's one `roto` child process (conftest's `roto_runner`): the subject
    is what `roto serve` says of the option, not a process start."""
    assert_refused(roto_runner.run(["serve", "--port", "0", option, value], ROOT), says)


FORGED_HOSTS = ["evilhost.example", 'evilhost"<>{}|^`.example', "[evilhost", "evilhost:notaport", "EVILHOST.EXAMPLE:80"]
ROUTES = [("/", {"Accept": "text/turtle"}), ("/index.html", {}), ("/void", {"Accept": "text/turtle"}),
          *((f"/void.{s}", {}) for s in ("ttl", "jsonld", "rdf", "nt", "html")),
          ("/sparql", {"Accept": "text/turtle"}), ("/sparql", {"Accept": "application/ld+json"}), ("/sparql", {"Accept": "text/html"}),
          ("/sparql?" + urlencode({"query": ASK}), {"Accept": JSON}),
          ("/model/open-dialogue", {"Accept": "text/turtle"}), ("/model/open-dialogue.html", {}), ("/no/such/page", {})]


@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_a_forged_host_is_never_written_back_nor_a_500(served, host):
    for path, headers in ROUTES:
        status, answer_headers, body = get(served.port, path, {"Host": host, **headers})
        assert status < 500, (path, status, body)
        everything = (json.dumps(answer_headers) + body.decode("utf-8", "replace")).lower()
        assert MARKER.decode() not in everything, (path, everything[:500])
    _, _, void = get(served.port, "/void.ttl", {"Host": host})
    assert f"<http://127.0.0.1:{served.port}/sparql>".encode() in void  # the bound address instead


def test_the_configured_public_url_names_the_endpoint(tmp_path):
    with roto_serve(tmp_path, "--workers", "1", "--public-url", "https://example.org/roto") as server:
        for path, accept in (("/void.ttl", "text/turtle"), ("/sparql", "text/turtle")):
            status, _, body = get(server.port, path, {"Accept": accept, "Host": "evilhost.example"})
            assert status == 200 and b"<https://example.org/roto/sparql>" in body and MARKER not in body


def style_hashes(html: bytes) -> set[str]:
    return {"'sha256-" + base64.b64encode(hashlib.sha256(b).digest()).decode() + "'"
            for b in re.findall(rb"<style>(.*?)</style>", html, re.S)}


def test_security_headers_on_every_kind_of_answer(served):
    from roto.figures import can_draw
    from roto.web.editor import INJECTED_STYLES
    from roto.web.security_headers import _hash

    answers = {
        "page": get(served.port, "/model/open-dialogue.html"),
        "query form": get(served.port, "/sparql", {"Accept": "text/html"}),
        "search page": get(served.port, "/search.html"),
        "search script": get(served.port, "/search.js"),
        "editor script": get(served.port, "/editor/yasgui.min.js"),
        "editor stylesheet": get(served.port, "/editor/yasgui.min.css"),
        "query text": get(served.port, "/queries/models.rq"),
        "turtle": get(served.port, "/void.ttl"),
        "results": get(served.port, "/sparql?" + urlencode({"query": ASK}), {"Accept": JSON}),
        "303": get(served.port, "/model/open-dialogue", {"Accept": "text/html"}),
        "404": get(served.port, "/no/such/page"),
        "server's own 400": parse(exchange(served.port, b"\x00\x01 garbage\r\n\r\n")),
    }
    if can_draw():
        answers["figure"] = get(served.port, "/figures/dimensions.svg")
    for kind, (status, headers, body) in answers.items():
        assert status == {"303": 303, "404": 404, "server's own 400": 400}.get(kind, 200), kind
        assert headers.get("x-content-type-options") == "nosniff", kind
        assert headers.get("referrer-policy") == "no-referrer", kind
        assert headers.get("x-frame-options") == "DENY", kind
        assert headers.get("server") == "roto", kind  # no software versions
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy, kind
        if headers["content-type"].startswith("text/html"):
            assert "'unsafe-inline'" not in policy and "img-src 'self'" in policy, kind
            # the site's own script files only (search.js and its index, the query editor): nothing inline, nothing elsewhere
            assert re.search(r"script-src ([^;]*)", policy)[1] == "'self'" and "connect-src 'self';" in policy, kind
            assert "<script>" not in body.decode() and "unsafe-eval" not in policy, kind
            allowed = set(re.search(r"style-src ([^;]*)", policy)[1].split())  # its own style blocks and stylesheet files
            injected = {_hash(style.encode()) for style in INJECTED_STYLES} if kind == "query form" else set()
            assert style_hashes(body) and allowed == style_hashes(body) | {"'self'"} | injected, kind
        else:
            assert "script" not in policy, kind


def test_pages_and_figures_work_under_the_policy_in_a_browser(served, tmp_path):
    """Chromium reports any resource or style the policy blocks on its console."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    require(executable is not None, "chromium is not installed (Debian package chromium)")
    for path in ("/model/open-dialogue.html", "/tables.html", "/sparql", "/search.html?q=family"):
        result = subprocess.run([executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                 "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr",
                                 "--v=0", f"--user-data-dir={tmp_path}", "--dump-dom", f"http://127.0.0.1:{served.port}{path}"],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and "</main>" in result.stdout, result.stderr[-2000:]
        assert "Content Security Policy" not in result.stderr, result.stderr[-2000:]


# -- the hostile corpus ----------------------------------------------------------------------------
def hostile_requests() -> list[tuple[str, bytes, str]]:
    """(name, raw request, expected status or 'dropped'): the files, and two generated large."""
    cases = []
    for path in sorted(HOSTILE.glob("*.http")):
        name, expected = path.name.removesuffix(".http").rsplit(".", 1)
        cases.append((name, path.read_bytes(), expected))
    cases.append(("request-line-too-long", b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", "414"))
    cases.append(("header-line-too-long", b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", "431"))
    return cases


def test_hostile_requests_get_their_answer_and_never_a_traceback(served):
    wrong = []
    for name, data, expected in hostile_requests():
        reply = exchange(served.port, data)
        if expected == "dropped":
            if reply:
                wrong.append(f"{name}: answered {reply[:80]!r} instead of being dropped")
            continue
        status, headers, body = parse(reply)
        if str(status) != expected:
            wrong.append(f"{name}: {status} instead of {expected}: {body[:200]!r}")
        if headers.get("x-content-type-options") != "nosniff" or "content-security-policy" not in headers:
            wrong.append(f"{name}: no security headers")
        if status >= 400 and body.count(b"\n") != 1:
            wrong.append(f"{name}: the refusal is not one line: {body[:200]!r}")
        if MARKER in reply.lower():
            wrong.append(f"{name}: the forged Host is written back")
    assert not wrong, "\n".join(wrong)
    assert served.process.poll() is None and ask_works(served.port)
    assert "Traceback" not in served.errors and len(served.errors.splitlines()) == 1, served.errors
