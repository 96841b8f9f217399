"""Read RDF files that a user hands in, refusing anything unsafe or unreadable in one line.

Parsing is pyoxigraph's: it reports line and column, and it never fetches a remote
JSON-LD context. Before it runs, two guards of our own give clear refusals: RDF/XML with
an external entity or DTD (expat, which also locates well-formedness errors), and JSON-LD
naming a remote `@context` or `@import`. Nothing here imports rdflib.

>>> sorted(SUFFIXES)[:3]
['.jsonld', '.nq', '.nt']
"""

from __future__ import annotations

import json
import re
import xml.parsers.expat
from pathlib import Path

import pyoxigraph as ox

from .errors import RotoError

# File name ending -> (format name for people, pyoxigraph format).
SUFFIXES = {
    ".ttl": ("Turtle", ox.RdfFormat.TURTLE),
    ".nt": ("N-Triples", ox.RdfFormat.N_TRIPLES),
    ".nq": ("N-Quads", ox.RdfFormat.N_QUADS),
    ".trig": ("TriG", ox.RdfFormat.TRIG),
    ".jsonld": ("JSON-LD", ox.RdfFormat.JSON_LD),
    ".rdf": ("RDF/XML", ox.RdfFormat.RDF_XML),
    ".owl": ("RDF/XML", ox.RdfFormat.RDF_XML),
}

_POSITION = re.compile(r"^Parser error (?:at|between) line \d+ column \d+(?: and line \d+ column \d+)?: ")
_TRAILER = re.compile(r" \([^()]*, line \d+\)$")


def read_text(path: Path, suffixes: tuple[str, ...]) -> str:
    """The text of `path`, after the checks every input file gets (exists, name, content)."""
    if not path.exists():
        raise RotoError(f"{path}: no such file")
    if not path.is_file():
        raise RotoError(f"{path}: not a file")
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise RotoError(f"{path}: unknown file extension {suffix or '(none)'!r} (expected one of {', '.join(suffixes)})")
    data = path.read_bytes()
    if not data.strip():
        raise RotoError(f"{path}: the file is empty")
    if b"\0" in data[:8192]:
        raise RotoError(f"{path}: a binary file, not RDF or TOML text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RotoError(f"{path}: not UTF-8 text (byte {exc.start + 1})") from None


def _looks_like(text: str) -> str | None:
    head = text.lstrip()[:200]
    if head.startswith(("{", "[")):
        return "JSON-LD"
    if head.startswith(("<?xml", "<rdf:RDF", "<!DOCTYPE")):
        return "RDF/XML"
    return None


def _check_suffix(path: Path, name: str, text: str) -> None:
    """A file whose content is plainly another syntax than its name says: wrong extension."""
    looks = _looks_like(text)
    mismatch = (looks is not None and looks != name) or (looks is None and name in ("JSON-LD", "RDF/XML"))
    if mismatch:
        what = f"looks like {looks}" if looks else f"does not look like {name}"
        raise RotoError(f"{path}: named {path.suffix} ({name}) but {what}: wrong file extension?")


def _guard_xml(path: Path, text: str) -> None:
    """Refuse external entities and DTDs; report well-formedness errors with line:column."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(what: str) -> None:
        raise RotoError(f"{path}:{parser.CurrentLineNumber}:{parser.CurrentColumnNumber + 1}: "
                        f"{what} refused (ROTO never loads external entities)")

    def on_doctype(name, system_id, public_id, has_internal_subset):
        if system_id or public_id:
            refuse(f"external DTD {system_id or public_id!r}")

    def on_entity(name, is_parameter, value, base, system_id, public_id, notation):
        if system_id or public_id:
            refuse(f"external entity {name!r} ({system_id or public_id})")

    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_entity
    try:
        parser.Parse(text.encode("utf-8"), True)
    except xml.parsers.expat.ExpatError as exc:
        message = xml.parsers.expat.ErrorString(exc.code)
        raise RotoError(f"{path}:{exc.lineno}:{exc.offset + 1}: not well-formed XML: {message}") from None


def _remote_contexts(node: object) -> list[str]:
    """Every @context or @import in a JSON-LD document that names a document elsewhere."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                items = value if isinstance(value, list) else [value]
                found += [item for item in items if isinstance(item, str)]
            found += _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            found += _remote_contexts(item)
    return found


def _guard_jsonld(path: Path, text: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RotoError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    remote = _remote_contexts(document)
    if remote:
        raise RotoError(f"{path}: remote JSON-LD context {remote[0]!r} refused (not fetched); "
                        "put the context inline in the file")


def parse_file(path: Path) -> list[ox.Triple]:
    """The triples of an RDF file (named graphs of N-Quads/TriG merged into one graph)."""
    path = Path(path)
    text = read_text(path, tuple(SUFFIXES))
    name, fmt = SUFFIXES[path.suffix.lower()]
    _check_suffix(path, name, text)
    if name == "RDF/XML":
        _guard_xml(path, text)
    elif name == "JSON-LD":
        _guard_jsonld(path, text)
    try:
        quads = ox.parse(text, format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
        return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    except SyntaxError as exc:
        message = _TRAILER.sub("", _POSITION.sub("", str(exc.msg or exc)))
        where = f"{path}:{exc.lineno}:{exc.offset}" if exc.lineno else str(path)
        raise RotoError(f"{where}: cannot parse as {name}: {message}") from None


def to_ntriples(triples: list[ox.Triple]) -> bytes:
    """N-Triples of `triples`: the form that moves them into another RDF library quickly."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
