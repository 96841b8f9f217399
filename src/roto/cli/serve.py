"""`roto serve`: the SPARQL endpoint, dereferenceable IRIs and HTML pages on one port.

Options are read as text and checked here, so that a bad value (`nan`, `inf`, a port out of
range, a URL with a newline) is one `roto: error:` line and exit 2 before anything starts.
"""

from __future__ import annotations

import math

MAX_SECONDS = 3600.0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the graph: SPARQL endpoint, IRIs with content negotiation, HTML pages",
        description="Serve the graph over HTTP, read-only: /sparql (SPARQL 1.1 Protocol), every "
        "https://w3id.org/roto/ IRI at its path (HTML or RDF by Accept or suffix), and HTML pages.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind, IPv4 or IPv6 (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", default="8000", help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--timeout", default="10", metavar="SECONDS", help="time limit per query (default: 10)")
    parser.add_argument("--max-rows", default="10000", metavar="N", help="refuse results with more rows (default: 10000)")
    parser.add_argument("--workers", default="4", metavar="N",
                        help="query worker processes; at most half run queries longer than 1 s (default: 4)")
    parser.add_argument("--max-request", default=str(256 * 1024), metavar="BYTES",
                        help="largest query text, in the URL or the body (default: 262144)")
    parser.add_argument("--client-timeout", default="10", metavar="SECONDS",
                        help="drop a connection silent this long; a request must arrive whole within 3 times this "
                        "(default: 10)")
    parser.add_argument("--public-url", metavar="URL",
                        help="where visitors reach this server (behind a proxy): names the endpoint in the VoID and "
                        "service description (default: the bound address)")
    parser.add_argument("--memory", default="1024", metavar="MB",
                        help="memory one query may use, in MB, beyond its worker's own (default: 1024)")
    parser.add_argument("--cors-origin", default="*", metavar="ORIGIN",
                        help="the web pages that may query and fetch from other sites (CORS): * for any origin "
                        "(default: the data is public and read-only), one origin such as https://example.org, "
                        "or none")
    parser.set_defaults(func=run_serve)


def run_serve(args) -> int:
    from ..errors import RotoError
    from ..web.app import Limits
    from ..web.cors import check_origin
    from ..web.public_url import public_url
    from ..web.server import serve

    if not args.host or not args.host.isprintable():
        raise RotoError(f"--host {_shown(args.host)}: not a host name or address (0.0.0.0 or :: for every interface)")
    limits = Limits(timeout=_seconds("--timeout", args.timeout), max_rows=_whole("--max-rows", args.max_rows, 1, 10**9),
                    workers=_whole("--workers", args.workers, 1, 64), memory=_whole("--memory", args.memory, 64, 1024 * 1024),
                    max_request=_whole("--max-request", args.max_request, 1024, 64 * 1024 * 1024),
                    client_timeout=_seconds("--client-timeout", args.client_timeout))
    port = _whole("--port", args.port, 0, 65535, "a port is a number from 0 to 65535")
    cors_origin = check_origin(args.cors_origin)
    serve(args.host, port, limits, None if args.public_url is None else public_url(args.public_url), cors_origin)
    return 0


def _shown(text: str) -> str:
    """An option's value as the error line shows it: as typed, or quoted if it holds control characters."""
    return text if text and text.isprintable() else repr(text)


def _whole(option: str, text: str, low: int, high: int, rule: str | None = None) -> int:
    from ..errors import RotoError

    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise RotoError(f"{option} {_shown(text)}: {rule or f'a whole number from {low} to {high}'}")
    return value


def _seconds(option: str, text: str) -> float:
    from ..errors import RotoError

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_SECONDS):
        raise RotoError(f"{option} {_shown(text)}: a number of seconds above 0 and at most {MAX_SECONDS:g}")
    return value
