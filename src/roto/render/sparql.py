"""Write query answers in the standard formats, and as a table for people: the one
writer behind `roto query`, `roto sparql` and the endpoint (`roto.web.results` picks the
format by media type).

SELECT and ASK: SPARQL 1.1 Query Results JSON, XML, CSV and TSV (as the W3C
recommendations define them), or an aligned table with prefixed names. CONSTRUCT and
DESCRIBE: Turtle, JSON-LD or N-Triples, written by pyoxigraph. Results are written here
rather than by pyoxigraph's serialiser because the endpoint counts rows before it
answers: a result over its row cap is refused, never silently cut short.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..engine import Boolean, Graph, Result, Solutions, Term
from ..errors import RotoError
from ..namespaces import PREFIXES
from .formats import GRAPH_FORMATS, SOLUTION_FORMATS
from .rows import render_rows

# XML escaping by hand: xml.sax.saxutils would pull in urllib and http.client (17 ms).
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    return text.translate(_XML_ESCAPES)


def quoteattr(text: str) -> str:
    return f'"{escape(text)}"'


_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "ntriples": ox.RdfFormat.N_TRIPLES}


def render(result: Result, fmt: str) -> str:
    """`result` as text in `fmt`; RotoError when the format does not fit the query form."""
    if isinstance(result, Graph):
        if fmt not in GRAPH_FORMATS and fmt != "table":
            raise RotoError(f"a CONSTRUCT or DESCRIBE answer is a graph: use --format {', '.join(GRAPH_FORMATS)}")
        return _graph(result, "turtle" if fmt == "table" else fmt)
    if fmt in GRAPH_FORMATS:
        raise RotoError(f"a SELECT or ASK answer is a table: use --format {', '.join(SOLUTION_FORMATS)}")
    writer = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt]
    return writer(result)


def short(term: Term | None) -> str:
    """A term for people: a prefixed name where a prefix fits, a literal's text, '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max((ns for ns in PREFIXES.values() if term.value.startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{term.value[len(best):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _table(result: Solutions | Boolean) -> str:
    if isinstance(result, Boolean):
        return "yes\n" if result.value else "no\n"
    return render_rows(list(result.variables), [[short(t) for t in row] for row in result.rows], "text")


def csv_cell(term: Term | None) -> str:
    """A term in a SPARQL CSV result: the IRI or lexical form, `_:id` for a blank node."""
    if term is None:
        return ""
    return str(term) if isinstance(term, (ox.BlankNode, ox.Triple)) else term.value


def _csv(result: Solutions | Boolean) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if isinstance(result, Boolean):
        writer.writerows([["_askResult"], [str(result.value).lower()]])
    else:
        writer.writerow(result.variables)
        writer.writerows([csv_cell(t) for t in row] for row in result.rows)
    return out.getvalue()


def _tsv(result: Solutions | Boolean) -> str:
    if isinstance(result, Boolean):
        return f"?_askResult\n{str(result.value).lower()}\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def json_term(term: Term) -> dict:
    """A term in SPARQL JSON results (RDF-star triples nested, as the endpoint writes them too)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _json(result: Solutions | Boolean) -> str:
    if isinstance(result, Boolean):
        document: dict = {"head": {}, "boolean": result.value}
    else:
        bindings = [{v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def xml_term(term: Term) -> str:
    """A term in SPARQL XML results."""
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = "".join(f"<{k}>{xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    if term.language:
        attribute = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        attribute = f" datatype={quoteattr(term.datatype.value)}"
    else:
        attribute = ""
    return f"<literal{attribute}>{escape(term.value)}</literal>"


def _xml(result: Solutions | Boolean) -> str:
    lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, Boolean):
        lines += ["  <head/>", f"  <boolean>{str(result.value).lower()}</boolean>"]
    else:
        lines.append("  <head>")
        lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
        lines += ["  </head>", "  <results>"]
        for row in result.rows:
            lines.append("    <result>")
            lines += [f"      <binding name={quoteattr(v)}>{xml_term(t)}</binding>"
                      for v, t in zip(result.variables, row, strict=True) if t is not None]
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def _graph(result: Graph, fmt: str) -> str:
    prefixes = PREFIXES if fmt == "turtle" else None
    data = ox.serialize(result.triples, format=_RDF_FORMATS[fmt], prefixes=prefixes)
    return data.decode("utf-8") if data else ""
