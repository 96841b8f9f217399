"""Run the web application on the standard library's threading WSGI server."""

from __future__ import annotations

import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .app import Limits, RotoApp


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr (benchmarks would measure the logging)."""

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def make(app: RotoApp, host: str = "127.0.0.1", port: int = 8000) -> WSGIServer:
    """A server bound to host:port (port 0 picks a free one), not yet serving."""
    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)


def serve(host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None) -> None:
    """Serve until interrupted."""
    app = RotoApp(limits=limits)
    try:
        server = make(app, host, port)
    except OSError as exc:
        app.close()
        from ..errors import RotoError

        raise RotoError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    bound_host, bound_port = server.server_address[:2]
    print(f"ROTO serving http://{bound_host}:{bound_port}/ (SPARQL: /sparql); Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        app.close()
