"""SPARQL 1.1 query results in the standard formats (JSON, XML, CSV, TSV).

Written here rather than with pyoxigraph's serialiser because the endpoint must count rows
before it answers: a result over the row cap is refused, never silently cut short. Each
term is written as `roto query --format json/xml/csv` writes it (`roto.results`); only the
layout differs (compact here, indented for people there).
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from ..results import csv_cell, json_term, quoteattr, xml_term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def solutions_to(media_type: str, names: list[str], rows: list[list]) -> bytes:
    """SELECT results (rows of pyoxigraph terms or None) in the given results media type."""
    if media_type == "application/sparql-results+json":
        bindings = [{n: json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if media_type == "application/sparql-results+xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(n)}/>" for n in names]
        out.append("</head>\n<results>")
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(n)}>{xml_term(t)}</binding>"
                            for n, t in zip(names, row, strict=True) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if media_type == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([csv_cell(t) for t in row] for row in rows)
        return buffer.getvalue().encode()
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"no SELECT results writer for {media_type}")


def boolean_to(media_type: str, value: bool) -> bytes:
    """An ASK result in JSON or XML."""
    if media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == "application/sparql-results+xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                f"<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()
    raise ValueError(f"no ASK result writer for {media_type}")


def display(term) -> str:
    """A term as people read it in an HTML results table."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value != XSD_STRING:
        return term.value
    return csv_cell(term)
