"""Run the web application on the standard library's threading WSGI server, hardened to face
clients that are many, slow, silent or hostile.

What the standard library leaves open, and what this module does about it:

- its listen backlog is 5, so a burst of connections was reset: the backlog here is 1024
  (the kernel caps it at `net.core.somaxconn`);
- each connection holds a thread with no time limit: a connection silent for
  `Limits.client_timeout` seconds (reading the request or being written to) is dropped, and
  a whole request must arrive within `Limits.request_time`, so a half-sent request cannot
  hold its thread by trickling a byte now and then; at most `Limits.connections` are
  served at once, the next ones wait in the backlog;
- one request per connection (wsgiref answers HTTP/1.0), so no idle keep-alive;
- after answering, what the client still sends is read and dropped (at most
  `LINGER_BYTES`, `LINGER_SECONDS`), so a client whose body was refused reads the
  refusal instead of a connection reset;
- IPv4 or IPv6, as the host names;
- what the server answers by itself (a malformed request line, too many headers) is one
  line of text with the security headers, and a client that goes away is not an error:
  no traceback on stderr.
"""

from __future__ import annotations

import io
import socket
import sys
import threading
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from .app import Limits, RotoApp
from .security_headers import security_headers

LINGER_BYTES = 1024 * 1024
LINGER_SECONDS = 2.0
_SEND_CHUNK = 64 * 1024  # each chunk must leave within client_timeout


class _RequestReader(io.RawIOBase):
    """A connection's incoming bytes: each read waits at most `silence` seconds, and every
    read fails once `within` seconds have passed since the connection was accepted."""

    def __init__(self, sock: socket.socket, silence: float, within: float) -> None:
        self.sock, self.silence, self.deadline = sock, silence, time.monotonic() + within

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive in time")
        self.sock.settimeout(min(self.silence, left))
        return self.sock.recv_into(buffer)


class _ResponseWriter(io.BufferedIOBase):
    """A connection's outgoing bytes, in chunks that must each be taken within `silence` s
    (buffered I/O's contract: a write sends all its bytes or raises)."""

    def __init__(self, sock: socket.socket, silence: float) -> None:
        self.sock, self.silence = sock, silence

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.sock.settimeout(self.silence)
        view = memoryview(data).cast("B")
        for start in range(0, len(view), _SEND_CHUNK):
            self.sock.sendall(view[start:start + _SEND_CHUNK])
        return len(view)


class _Responder(ServerHandler):
    """wsgiref's handler, naming no software version, with the security headers on its own
    500 answer, and quiet when the client stalls or goes away (nobody is left to answer)."""

    server_software = "roto"
    request_handler: _Handler  # set after creation, as wsgiref does; its close() logs through it
    error_headers = [("Content-Type", "text/plain; charset=utf-8"),  # noqa: RUF012 - wsgiref's attribute, copied per use
                     *security_headers("text/plain", b"")]

    def handle_error(self) -> None:
        if isinstance(sys.exc_info()[1], (TimeoutError, ConnectionError)):
            self.close()
            return
        super().handle_error()


class _Handler(WSGIRequestHandler):
    server: _Server
    server_version = "roto"
    default_request_version = "HTTP/1.0"  # so an unreadable request line still gets a status line
    error_message_format = "%(explain)s\n"
    error_content_type = "text/plain; charset=utf-8"

    def version_string(self) -> str:
        return self.server_version

    def send_error(self, code, message=None, explain=None) -> None:
        """The status's standard reason, and the specific one as the body's one line."""
        super().send_error(code, None, message or explain)

    def setup(self) -> None:
        limits: Limits = self.server.limits
        self.connection = self.request
        self.rfile = io.BufferedReader(_RequestReader(self.request, limits.client_timeout, limits.request_time))
        self.wfile = _ResponseWriter(self.request, limits.client_timeout)

    def handle(self) -> None:
        """One request (wsgiref's, with the checks and the handler above)."""
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline:
            return  # connected and closed, or sent nothing
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414, "the request line is longer than 65536 bytes")
            return
        if not self.parse_request():  # it has answered
            return
        if len(set(self.headers.get_all("Content-Length") or ())) > 1:
            self.send_error(400, "the request has two different Content-Length headers")
            return
        # (typeshed has wsgiref's stdout as IO[bytes], socketserver's wfile as BufferedIOBase; wsgiref passes one as the other)
        handler = _Responder(self.rfile, self.wfile, sys.stderr, self.get_environ(), multithread=True)  # type: ignore[arg-type]
        handler.request_handler = self
        handler.run(self.server.app)

    def end_headers(self) -> None:
        # Used by the server's own answers only (the application's go through _Responder).
        for name, value in security_headers("text/plain", b""):
            self.send_header(name, value)
        super().end_headers()

    def finish(self) -> None:
        super().finish()
        self._drain()

    def _drain(self) -> None:
        """Close our side, then read and drop what the client still sends (bounded), so the
        close does not reset the connection before the client has read the answer."""
        sock = self.request
        deadline = time.monotonic() + LINGER_SECONDS
        left = LINGER_BYTES
        try:
            sock.shutdown(socket.SHUT_WR)
            while left > 0 and (remaining := deadline - time.monotonic()) > 0:
                sock.settimeout(remaining)
                got = len(sock.recv(min(left, 65536)))
                if not got:
                    return
                left -= got
        except OSError:
            return

    def log_message(self, format, *args):  # `format`: the stdlib's signature
        """No access log on stderr (benchmarks would measure the logging)."""


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(self, host: str, port: int, app: RotoApp) -> None:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        if not isinstance(address[0], str):  # an IP address (the only families a stream socket on a host name gets)
            raise OSError(f"{host}: not an IP host")
        self.address_family = family
        self.limits = app.limits
        self._slots = threading.BoundedSemaphore(app.limits.connections)
        super().__init__(address, _Handler)
        self.app = app

    def process_request(self, request, client_address) -> None:
        self._slots.acquire()  # when all are taken, new connections wait in the backlog
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], OSError):  # the client stalled or went away
            return
        super().handle_error(request, client_address)


def base_url(address) -> str:
    """http://host:port/ for a bound socket address (IPv6 in brackets)."""
    host, port = address[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def make(app: RotoApp, host: str = "127.0.0.1", port: int = 8000) -> WSGIServer:
    """A server bound to host:port (port 0 picks a free one), not yet serving. Without a
    public URL, the app names its endpoint by the bound address."""
    server = _Server(host, port, app)
    if app.public_url is None:
        app.public_url = base_url(server.server_address)
    return server


def serve(host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None, public_url: str | None = None,
          cors_origin: str | None = "*") -> None:
    """Serve until interrupted; `cors_origin` as `cors.check_origin` gives it."""
    app = RotoApp(limits=limits, public_url=public_url, cors_origin=cors_origin)
    try:
        server = make(app, host, port)
    except (OSError, ValueError) as exc:  # ValueError: a host name IDNA cannot encode
        app.close()
        from ..errors import RotoError

        raise RotoError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None
    print(f"ROTO serving {base_url(server.server_address)} (SPARQL: /sparql); Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        app.close()
