"""A real HTTP client for the server tests (http.client, no mocks), a running server, and
the links of a page."""

from __future__ import annotations

import contextlib
import http.client
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def media_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(port: int, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
          params: dict | list | None = None) -> Reply:
    if params is not None:
        path = f"{path}?{urlencode(params)}"
    if isinstance(body, str):
        body = body.encode("utf-8")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


@contextlib.contextmanager
def running(app):
    """Serve `app` on a free loopback port in this process; yields the port."""
    from roto.web.server import make

    server = make(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        app.close()


class Links(HTMLParser):
    """Every <a href> of a page, with its attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = {**dict(attrs), "text": ""}
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def links(page: str) -> list[dict]:
    parser = Links()
    parser.feed(page)
    return parser.links
