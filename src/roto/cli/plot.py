"""`roto plot`: figures of the review's framework for a journal or a page (needs matplotlib)."""

from __future__ import annotations

from ..figures.registry import FIGURES, FORMATS
from .common import add_output

SUFFIXES = ", ".join(FORMATS)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "plot", help="draw a figure of the framework (SVG, PNG, PDF, EPS or TIFF)",
        description="Draw a figure from the knowledge graph: "
        + "; ".join(f"{name} = {spec.draws}" for name, spec in FIGURES.items()) + ".",
        epilog="PDF and EPS embed the font (TrueType, Type 42); SVG, PDF and EPS are the same bytes for the "
        "same graph; PNG and TIFF are 300 dpi. Exit codes: 0 written; 2 bad input (an unknown suffix or model, "
        "a width that would set text below 5 pt, a file that cannot be written).")
    parser.add_argument("name", choices=tuple(FIGURES), help="which figure")
    add_output(parser, required=True,
               help=f"the image to write; its suffix ({SUFFIXES}) decides the format (replaced in one step)")
    parser.add_argument("--highlight", metavar="MODEL",
                        help="set one model apart (its row, point or box): a label, id, or an unambiguous prefix or word "
                        "of the label")
    parser.add_argument("--width", metavar="WIDTH",
                        help="scale the whole figure to this width, e.g. 180mm, 17.6cm or 7in (default: as drawn, "
                        "at most 7in); refused when its smallest text would be under 5 pt")
    parser.add_argument("--no-title", dest="title", action="store_false",
                        help="leave out the title (a journal sets its own caption)")
    parser.set_defaults(func=run_plot)


def run_plot(args) -> int:
    from ..optional import figures

    module = figures("`roto plot`")
    width = module.parse_width(args.width) if args.width else None
    print(module.plot(args.name, args.output, highlight=args.highlight, width=width, title=args.title))
    return 0
