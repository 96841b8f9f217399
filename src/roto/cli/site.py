"""`roto site`: the HTML pages, RDF documents and release files as a static site."""

from __future__ import annotations

from .common import add_output


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "site", help="write a static site: pages, RDF per IRI, release files, .htaccess rules",
        description="Write the pages of `roto serve` (without the SPARQL endpoint), every IRI's RDF documents, "
        "the release files, an Apache .htaccess for content negotiation and w3id/.htaccess for w3id.org.")
    add_output(parser, required=True, metavar="DIR",
               help="folder to write: new, empty, or one roto site wrote before (replaced in one step; "
               "files roto site did not write are kept)")
    parser.add_argument("--public-url", default="https://example.org/roto/", metavar="URL",
                        help="where the site will be hosted; the w3id.org rules redirect there "
                        "(default: https://example.org/roto/, a placeholder)")
    parser.set_defaults(func=run_site)


def run_site(args) -> int:
    from ..errors import RotoError
    from ..files import cannot_write
    from ..web.site import write_site

    try:
        count = write_site(args.output, args.public_url)
    except OSError as exc:
        raise RotoError(cannot_write(args.output, exc)) from None
    print(f"wrote {count} files to {args.output}")
    return 0
