"""The limits every researcher file is held to, so that no file costs minutes, gigabytes or a traceback.

Why these checks, and why here: pyoxigraph parses in linear time but keeps each token in a
16 MB buffer; Python's `json` and the TOML parser recurse (a file nested ~1,000 deep is a
RecursionError) and Python's `int` refuses numbers of over 4,300 digits; rdflib turns an
ill-typed literal into a warning and owlready2 into a traceback; RDF/XML cannot hold a NUL.
So the text is checked (size, line length, nesting) before any parser runs, and each parsed
statement (IRI and literal length, datatype, RDF 1.2 terms, characters) before rdflib or a
writer sees it. Every refusal is one line naming the file, the line where it is known, and
the limit. The file size limit is a setting (ROTO_MAX_FILE_MB); the others are fixed.

>>> lexical_problem("first", XSD + "integer")
'is not a valid xsd:integer (a value of the wrong datatype)'
>>> lexical_problem("2014-02-30", XSD + "date") is None
False
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pyoxigraph as ox

from .errors import RotoError

XSD = "http://www.w3.org/2001/XMLSchema#"
XML_LITERAL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"
FILE_MB_SETTING = "ROTO_MAX_FILE_MB"
DEFAULT_FILE_MB = 32
MAX_DEPTH = 64  # brackets, braces or XML elements inside one another
MAX_LITERAL = 1_000_000  # characters in one literal (a label, a definition, a note)
MAX_IRI = 4096  # characters in one IRI
MAX_LINE = MAX_LITERAL + 4 * MAX_IRI  # characters on one line of N-Triples or N-Quads
MAX_NUMBER = 1000  # characters in a number or date literal
MAX_RANGE = 1000  # reference numbers in one range of `cites`

# Characters no XML 1.0 document may hold (RDF/XML and every page ROTO writes).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DOUBLE = re.compile(r"(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN)")
_ZONE = r"(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?"
# Dates and times as far as the libraries behind ROTO read them: years 0001 to 9999, hours 00 to 23.
_CLOCK = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?"
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)" + _ZONE)
_DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T" + _CLOCK + _ZONE)
_TIME = re.compile(_CLOCK + _ZONE)
_GYEAR = re.compile(r"-?\d{4,}" + _ZONE)
_GYEARMONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])" + _ZONE)
_DURATION = re.compile(r"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?")
_BOOLEAN = re.compile(r"true|false|1|0")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})*")
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_LEXICAL = {
    **{XSD + t: _INTEGER for t in ("integer", "int", "long", "short", "byte", "positiveInteger", "negativeInteger",
                                   "nonNegativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
                                   "unsignedShort", "unsignedByte")},
    XSD + "decimal": _DECIMAL, XSD + "double": _DOUBLE, XSD + "float": _DOUBLE,
    XSD + "boolean": _BOOLEAN, XSD + "date": _DATE, XSD + "dateTime": _DATETIME, XSD + "time": _TIME,
    XSD + "gYear": _GYEAR, XSD + "gYearMonth": _GYEARMONTH, XSD + "duration": _DURATION,
    XSD + "dayTimeDuration": _DURATION, XSD + "yearMonthDuration": _DURATION,
    XSD + "hexBinary": _HEX, XSD + "base64Binary": _BASE64,
}
_SIGN = {XSD + "positiveInteger": lambda n: n > 0, XSD + "negativeInteger": lambda n: n < 0,
         XSD + "nonNegativeInteger": lambda n: n >= 0, XSD + "nonPositiveInteger": lambda n: n <= 0,
         XSD + "unsignedInt": lambda n: n >= 0, XSD + "unsignedLong": lambda n: n >= 0,
         XSD + "unsignedShort": lambda n: n >= 0, XSD + "unsignedByte": lambda n: n >= 0}

# Tokens that may hold brackets without nesting anything: strings, IRIs, comments.
_STRINGS = r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
_NESTING = {
    "Turtle": re.compile(_STRINGS + r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*|[\[\](){}]', re.S),
    "JSON-LD": re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S),
    "TOML": re.compile(_STRINGS + r"|#[^\n]*|[\[\]{}]", re.S),
}


def max_file_bytes() -> int:
    """The per-file size limit in bytes: ROTO_MAX_FILE_MB megabytes (default 32)."""
    setting = os.environ.get(FILE_MB_SETTING, "").strip()
    if not setting:
        return DEFAULT_FILE_MB * 1_000_000
    try:
        megabytes = float(setting)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1e6:
        raise RotoError(f"{FILE_MB_SETTING}={setting!r}: give the largest file size to read, in megabytes (e.g. 32)")
    return int(megabytes * 1_000_000)


def check_size(path: Path, size: int) -> None:
    limit = max_file_bytes()
    if size > limit:
        raise RotoError(f"{path}: {size / 1e6:.3g} MB, over the limit of {limit / 1e6:g} MB per file "
                        f"(set {FILE_MB_SETTING} to read larger files)")


def line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def line_of(text: str, *needles: str) -> int | None:
    """The line of the first of `needles` found in `text` (None if none is)."""
    for needle in needles:
        index = text.find(needle) if needle else -1
        if index >= 0:
            return line_at(text, index)
    return None


def where(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def check_lines(path: Path, text: str) -> None:
    """N-Triples and N-Quads hold one statement per line: refuse a line too long to be one."""
    if len(text) <= MAX_LINE:
        return
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            raise RotoError(f"{path}:{number}: a line of {len(line):,} characters, over the limit of "
                            f"{MAX_LINE:,} (a literal may hold {MAX_LITERAL:,}, an IRI {MAX_IRI:,})")


def check_depth(path: Path, text: str, syntax: str) -> None:
    """Refuse brackets or braces nested more than MAX_DEPTH deep (outside strings, IRIs, comments)."""
    opening = "[({"
    if sum(text.count(c) for c in opening) <= MAX_DEPTH:
        return
    depth = 0
    for token in _NESTING[syntax].finditer(text):
        char = token.group()
        if char in opening:
            depth += 1
            if depth > MAX_DEPTH:
                raise RotoError(f"{path}:{line_at(text, token.start())}: nested more than {MAX_DEPTH} levels deep "
                                f"(ROTO's limit for {syntax} files)")
        elif char in "])}":
            depth = max(depth - 1, 0)


def check_tree(path: Path, data: object) -> None:
    """Refuse parsed data (TOML's tables) nested more than MAX_DEPTH deep: dotted keys such as
    a.b.c... nest without a bracket, and what reads the data later recurses."""
    if not isinstance(data, (dict, list)):
        return
    todo = [(data, 0)]  # tables and arrays only: a file's leaves, most of its values, are not visited
    while todo:
        node, depth = todo.pop()
        if depth > MAX_DEPTH or (depth == MAX_DEPTH and node):  # a value in it would be deeper
            raise RotoError(f"{path}: keys nested more than {MAX_DEPTH} levels deep (ROTO's limit for TOML files)")
        todo.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node)
                    if isinstance(child, (dict, list)))


def unwritable(text: str) -> str | None:
    """The first character of `text` that XML cannot hold, as U+XXXX, or None."""
    found = _UNWRITABLE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def lexical_problem(value: str, datatype: str) -> str | None:
    """What is wrong with `value` as a literal of `datatype` (None if nothing ROTO can see)."""
    if datatype == XML_LITERAL:
        return _xml_problem(value)
    pattern = _LEXICAL.get(datatype)
    if pattern is None:
        return None
    short = datatype.replace(XSD, "xsd:")
    if len(value) > MAX_NUMBER:
        return f"is an {short} of {len(value):,} characters, over the limit of {MAX_NUMBER:,}"
    found = pattern.fullmatch(value)
    if not found:
        return f"is not a valid {short} (a value of the wrong datatype)"
    if datatype in _SIGN and not _SIGN[datatype](int(value)):
        return f"is out of range for {short}"
    if datatype in (XSD + "date", XSD + "dateTime"):
        year, month, day = found.group(1, 2, 3)
        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            return f"is not a valid {short} (no such day, or a year outside 0001-9999)"
    return None


def _xml_problem(value: str) -> str | None:
    """An rdf:XMLLiteral must be well-formed XML content (rdflib parses it, expat here; no entities)."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(f"<x>{value}</x>".encode(), True)
    except xml.parsers.expat.ExpatError as exc:
        return f"is not well-formed rdf:XMLLiteral ({xml.parsers.expat.ErrorString(exc.code)})"
    return None


def _term_problem(term) -> str | None:
    if isinstance(term, ox.Triple):
        return "an RDF 1.2 triple term (<<( ... )>>, << ... >> or ~ reifier), which ROTO does not read (RDF 1.1 only)"
    if isinstance(term, ox.NamedNode):
        if len(term.value) > MAX_IRI:
            return f"an IRI of {len(term.value):,} characters, over the limit of {MAX_IRI:,}"
        return None
    if not isinstance(term, ox.Literal):
        return None
    value = term.value
    if term.direction is not None:
        return f"a literal with a base direction (@{term.language}--{term.direction}), RDF 1.2, which ROTO does not read"
    if len(value) > MAX_LITERAL:
        return f"a literal of {len(value):,} characters, over the limit of {MAX_LITERAL:,}"
    bad = unwritable(value)
    if bad:
        return f"a literal holding the control character {bad}, which RDF/XML cannot hold"
    problem = lexical_problem(value, term.datatype.value)
    if problem:
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the literal "{shown}" {problem}'
    return None


def _needles(term) -> tuple[str, ...]:
    """Text that likely marks where a term was written, to name its line."""
    if isinstance(term, ox.Triple):
        return ("<<", "~", "{|")
    if isinstance(term, ox.Literal):
        head = term.value[:60]
        if term.direction is not None:
            return (f"--{term.direction}",)
        return (f'"{head}', f"'{head}", f">{head}", head) if head else ()
    return (term.value[-60:],) if isinstance(term, ox.NamedNode) else ()


def check_quads(path: Path, text: str, quads) -> list[ox.Quad]:
    """The parsed statements, each term checked against the limits and for what no writer can write."""
    kept = []
    for quad in quads:
        for term in (quad.subject, quad.object, quad.predicate, quad.graph_name):
            problem = _term_problem(term)
            if problem:
                raise RotoError(f"{where(path, line_of(text, *_needles(term)))}: {problem}")
        kept.append(quad)
    return kept
