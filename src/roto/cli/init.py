"""`roto init`: start a project of your own models, in your own namespace."""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "init", help="create a project: roto.toml and a models/ folder with a commented example",
        description="Create a ROTO project in DIR (made if missing): a roto.toml (title, namespace and prefix, "
        "the project's own source, licence, creators, whether the review's models are included) and models/ "
        "with a commented example model. Every command run in DIR or below it (or given --project DIR) then "
        "works on the review plus your models: their IRIs are in your namespace, their statements in your own "
        "named graphs, attributed to your source.",
        epilog="Exit codes: 0 created; 2 bad input (DIR is a project already, a namespace that is not an "
        "http(s) IRI ending in / or #, a prefix ROTO uses).")
    parser.add_argument("dir", type=Path, metavar="DIR", help="the project folder")
    parser.add_argument("--namespace", metavar="IRI",
                        help="the IRI your models' IRIs start with, ending in / or # (default: https://example.org/PREFIX/, "
                        "a placeholder: choose one you control, e.g. a w3id.org one)")
    parser.add_argument("--prefix", metavar="P", help="a short name for the namespace (default: from DIR's name)")
    parser.add_argument("--title", metavar="T", help="the project's title (default: DIR's name)")
    parser.set_defaults(func=run_init, project=None)


def run_init(args) -> int:
    from ..errors import RotoError
    from ..files import cannot_write
    from ..project import CONFIG, init

    try:
        project = init(args.dir, args.namespace, args.prefix, args.title)
    except OSError as exc:
        raise RotoError(cannot_write(args.dir / CONFIG, exc)) from None
    print(f"created {project.root / CONFIG} (namespace {project.namespace}, prefix {project.prefix}) "
          f"and {project.models}/example.toml")
    return 0
