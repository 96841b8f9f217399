"""Headers sent with every response of `roto serve`, so a browser treats each body as what
it is and nothing else: no MIME sniffing, no framing, no referrer sent to the sites the pages
link to, and a content security policy that lets a page load only its own figures and its
own inline style (by hash: the pages have no style attributes) and stylesheets, and run only
the site's own script files ('self': the search page's `search.js`, which fetches
`search.json`; the query page's editor, `editor/`, which sends queries to /sparql), never
an inline script. The editor (YASGUI) needs no 'unsafe-eval' or 'unsafe-inline': it styles
elements through the DOM (allowed), its stylesheet is a file of the site ('self'), and the
two style blocks its table adds are allowed, on the page that loads it, by their hashes."""

from __future__ import annotations

import base64
import hashlib
import re

from .editor import EDITOR_SCRIPT, INJECTED_STYLES

SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
# Data (RDF, results, plain-text refusals): nothing in it may load or run anything.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# matplotlib's SVG carries a <style> element; opened on its own, it may use it and nothing else.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
_STYLE = re.compile(rb"<style>(.*?)</style>", re.S)
_LOADS_EDITOR = re.compile(rb'<script src="[^"]*' + re.escape(EDITOR_SCRIPT.encode()) + rb'"')


def _hash(block: bytes) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(block).digest()).decode()}'"


def content_security_policy(media_type: str, body: bytes) -> str:
    """The policy for one response: pages get the hashes of exactly the style blocks they hold."""
    if media_type == "image/svg+xml":
        return SVG_POLICY
    if media_type != "text/html":
        return DATA_POLICY
    blocks = _STYLE.findall(body)
    if _LOADS_EDITOR.search(body):
        blocks += [style.encode() for style in INJECTED_STYLES]
    styles = " ".join(["'self'", *(_hash(block) for block in dict.fromkeys(blocks))])
    return (f"default-src 'none'; img-src 'self'; style-src {styles}; script-src 'self'; connect-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def security_headers(media_type: str, body: bytes) -> list[tuple[str, str]]:
    return [*SECURITY_HEADERS, ("Content-Security-Policy", content_security_policy(media_type, body))]
