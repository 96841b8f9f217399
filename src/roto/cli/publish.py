"""`roto publish`: load the graph into a remote triple store."""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "publish", help="load the graph into a remote triple store (SPARQL Update or Graph Store Protocol)",
        description="Replace ROTO's graphs in a remote store in one request: a failed or interrupted publish "
        "leaves what was there. Redirects are never followed. The graphs are then read back, so success is "
        "reported only when the store holds them; after a broken connection the same check says whether the "
        "new graph is there. Without --graph, URL is the store's SPARQL Update endpoint and each of ROTO's "
        "named graphs is replaced; with --graph, URL is its Graph Store Protocol endpoint and the whole graph "
        "is PUT into that one named graph.")
    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="SPARQL Update endpoint (Oxigraph: http://HOST:PORT/update), or with --graph the Graph "
                        "Store endpoint (Oxigraph: http://HOST:PORT/store)")
    parser.add_argument("--graph", metavar="IRI", help="put everything into this one named graph (Graph Store Protocol)")
    parser.add_argument("--user", help="user name for HTTP Basic authentication")
    parser.add_argument("--password-env", metavar="VAR", help="environment variable holding the password")
    parser.add_argument("--query-endpoint", metavar="URL",
                        help="the store's SPARQL query endpoint, read after publishing to check that the store "
                        "holds the graphs (default: URL with /update replaced by /query; with --graph, a Graph "
                        "Store GET on URL)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the store (default: 120)")
    parser.set_defaults(func=run_publish)


def run_publish(args) -> int:
    import os

    from ..errors import RotoError
    from ..publish import publish

    password = None
    if args.password_env:
        if args.user is None:
            raise RotoError("--password-env needs --user")
        password = os.environ.get(args.password_env)
        if password is None:
            raise RotoError(f"environment variable {args.password_env} is not set")
    result = publish(args.endpoint, args.graph, args.user, password, args.timeout, args.query_endpoint)
    print(f"published {result.triples} triples in {result.graphs} graph(s) by {result.method} ({result.outcome})")
    return 0
