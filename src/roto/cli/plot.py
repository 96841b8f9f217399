"""`roto plot`: figures of the review's framework as SVG or PNG (needs matplotlib)."""

from __future__ import annotations

from pathlib import Path

from ..figure_names import FIGURES


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "plot", help="draw a figure of the framework (SVG or PNG)",
        description="Draw a figure from the knowledge graph: "
        + "; ".join(f"{name} = {text}" for name, text in FIGURES.items()) + ".")
    parser.add_argument("name", choices=tuple(FIGURES), help="which figure")
    parser.add_argument("--out", "-o", type=Path, required=True, metavar="FILE",
                        help="the image to write; .svg or .png decides the format (replaced in one step)")
    parser.add_argument("--highlight", metavar="MODEL",
                        help="set one model apart (its row, point or box): a label, id or unambiguous prefix")
    parser.set_defaults(func=run_plot)


def run_plot(args) -> int:
    from ..optional import figures

    print(figures("`roto plot`").plot(args.name, args.out, highlight=args.highlight))
    return 0
