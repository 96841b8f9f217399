"""Render a validation Report: text for the researcher, JSON for programs, Turtle for W3C tools.

The text groups problems by node (named by its label, with the file it came from), puts
the worst first and says for each what property, what was expected and why it matters.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from ..check.results import SEVERITIES, Report, Result

_WORD = {"Violation": "violation", "Warning": "warning", "Info": "note"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary(report: Report) -> str:
    """One line: conforms or not, and how many of each severity."""
    counts = [_plural(report.count(s), _WORD[s]) for s in SEVERITIES if report.count(s)]
    if report.conforms:
        return "Conforms." if not counts else f"Conforms, with {', '.join(counts)}."
    return f"Does not conform: {', '.join(counts)}."


def _line(result: Result) -> list[str]:
    head = result.property or result.component
    if result.value_name and result.component != "MinCountConstraintComponent":
        head += f" \"{result.value_name}\""
    parts = [head]
    if result.expected:
        found = f", found {result.found}" if result.found is not None else ""
        parts.append(f"expected {result.expected}{found}")
    lines = [f"  {_WORD[result.severity]:<9}  {': '.join(parts)}"]
    if result.message:
        lines.append(f"  {'':<9}  {result.message}")
    return lines


def render_text(report: Report) -> str:
    groups: dict[str, list[Result]] = {}
    for result in report.results:
        groups.setdefault(result.focus, []).append(result)
    out = [summary(report)]
    for results in groups.values():
        first = results[0]
        kind = f"{first.focus_kind} " if first.focus_kind else ""
        where = f" <{first.focus}>" if first.focus.startswith(("http:", "https:", "urn:", "file:")) else ""
        out += ["", f"{first.focus_name} ({kind.strip() or 'node'}{where})"]
        if first.focus_file:
            out.append(f"  from {first.focus_file}")
        for result in results:
            out += _line(result)
            if result.file and result.file != first.focus_file:
                out.append(f"  {'':<9}  (in {result.file})")
    return "\n".join(out) + "\n"


def render_json(report: Report) -> str:
    document = {
        "conforms": report.conforms,
        "counts": {s.lower(): report.count(s) for s in SEVERITIES},
        "results": [asdict(r) for r in report.results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(report: Report, fmt: str) -> str:
    if fmt == "text":
        return render_text(report)
    if fmt == "json":
        return render_json(report)
    if fmt == "turtle":
        report.graph.bind("sh", "http://www.w3.org/ns/shacl#")
        return report.graph.serialize(format="turtle")
    raise ValueError(f"unknown format {fmt!r}")
