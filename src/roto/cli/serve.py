"""`roto serve`: the SPARQL endpoint, dereferenceable IRIs and HTML pages on one port."""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the graph: SPARQL endpoint, IRIs with content negotiation, HTML pages",
        description="Serve the graph over HTTP, read-only: /sparql (SPARQL 1.1 Protocol), every "
        "https://w3id.org/roto/ IRI at its path (HTML or RDF by Accept or suffix), and HTML pages.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--timeout", type=float, default=10.0, help="time limit per query in seconds (default: 10)")
    parser.add_argument("--max-rows", type=int, default=10_000, help="refuse results with more rows (default: 10000)")
    parser.add_argument("--workers", type=int, default=2, help="query worker processes (default: 2)")
    parser.add_argument("--memory", type=int, default=1024, help="MB of memory one query may use (default: 1024)")
    parser.set_defaults(func=run_serve)


def run_serve(args) -> int:
    from ..errors import RotoError
    from ..web.app import Limits
    from ..web.server import serve

    if args.timeout <= 0 or args.max_rows < 1 or args.workers < 1 or args.memory < 1:
        raise RotoError("--timeout, --max-rows, --workers and --memory must be positive")
    if not 0 <= args.port <= 65535:
        raise RotoError(f"--port {args.port}: a port is a number from 0 to 65535")
    serve(args.host, args.port, Limits(timeout=args.timeout, max_rows=args.max_rows, workers=args.workers,
                                            memory=args.memory))
    return 0
