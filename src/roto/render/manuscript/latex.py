"""A review table as LaTeX: a booktabs `table` with its provenance as table notes.

Needs `\\usepackage{booktabs,array}` in the manuscript's preamble (named in the file's
first lines). Input is UTF-8; LaTeX's special characters are escaped.
"""

from __future__ import annotations

import re

from ..._version import __version__

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "\u2013": "--", "\u2014": "---", "\u2019": "'"}


def escape(text: str) -> str:
    """`text` safe in LaTeX: special characters escaped, dashes and quotes as LaTeX writes them."""
    text = re.sub("|".join(map(re.escape, _SPECIAL)), lambda m: _SPECIAL[m.group()], text)
    text = re.sub(r"(?<=\d)-(?=\d)", "--", text)  # a range of reference numbers (18-22) takes an en dash
    return re.sub(r"\b(e\.g|i\.e|n\.s)\. ", r"\1.\\ ", text)  # an abbreviation's full stop ends no sentence


def _cell(cell) -> str:
    mark = rf"\textsuperscript{{{cell.note}}}" if cell.note else ""
    return escape(cell.shown) + mark


def write(table) -> bytes:
    width = max(1.4, min(2.2, 13.0 / max(len(table.columns), 1)))
    spec = "@{}l" + rf"*{{{len(table.columns)}}}{{>{{\centering\arraybackslash}}p{{{width:.1f}cm}}}}" + "@{}"
    lines = [
        f"% {table.caption}: written by roto {__version__} from the knowledge graph.",
        r"% Needs \usepackage{booktabs} and \usepackage{array} in the preamble.",
        r"\begin{table}[htbp]",
        r"\centering",
        rf"\caption{{{escape(table.caption)}}}\label{{tab:roto-{table.name}}}",
        r"\small",
        rf"\begin{{tabular}}{{{spec}}}",
        r"\toprule",
        " & ".join(["Model", *map(escape, table.columns)]) + r" \\",
        r"\midrule",
        *(" & ".join([escape(table.row_label(model)), *map(_cell, cells)]) + r" \\" for model, cells in table.rows),
        r"\bottomrule",
        r"\end{tabular}",
        r"\par\smallskip",
        r"\begin{minipage}{\linewidth}\footnotesize",
        escape(table.legend) + r"\par",
        *(rf"\textsuperscript{{{n}}}\,{escape(text)}\par" for n, text in enumerate(table.notes, 1)),
        r"\end{minipage}",
        r"\end{table}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
