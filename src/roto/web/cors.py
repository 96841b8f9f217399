"""Cross-origin access (CORS): the data is public and read-only, so by default any web page,
on any origin, may query the endpoint and fetch any IRI, as YASGUI and other browser apps
need. The same constants write the `.htaccess` rules of `roto site`."""

from __future__ import annotations

import re

from ..errors import RotoError

ANY = "*"
METHODS = "GET, HEAD, POST, OPTIONS"
# What a page may send beyond the CORS-safelisted headers, and read beyond the safelisted ones.
REQUEST_HEADERS = "Accept, Content-Type, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "Link, ETag, Last-Modified, Location, Content-Disposition, Vary"
MAX_AGE = "86400"
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def check_origin(text: str) -> str | None:
    """The `--cors-origin` value: "*" (any origin), "none" (no CORS headers: same-origin
    pages only) or one origin such as https://example.org; None stands for "none"."""
    if text == ANY:
        return ANY
    if text == "none":
        return None
    if not _ORIGIN.fullmatch(text):
        shown = text if text.isprintable() else repr(text)
        raise RotoError(f"--cors-origin {shown}: give *, none, or one origin such as https://example.org (no path)")
    return text


def cors_headers(origin: str | None, preflight: bool = False) -> list[tuple[str, str]]:
    """Headers for every response (and, for a preflight OPTIONS, what it may do)."""
    if origin is None:
        return []
    headers = [("Access-Control-Allow-Origin", origin), ("Access-Control-Expose-Headers", EXPOSED_HEADERS)]
    if preflight:
        headers += [("Access-Control-Allow-Methods", METHODS), ("Access-Control-Allow-Headers", REQUEST_HEADERS),
                    ("Access-Control-Max-Age", MAX_AGE)]
    return headers
