"""Every file a researcher hands to ROTO is read here, by one policy and with one set of messages.

`roto validate`, `roto reason`, `roto.open(paths)` and the `--data` option of the query
commands all come through this module, so the same bad file is refused the same way by each:
missing, empty, binary, not UTF-8, an unknown or misleading extension, a parse error (with
file:line:column), an RDF/XML external entity or DTD, a remote JSON-LD `@context`, and every
limit of `roto.limits` (size, nesting, line, literal and IRI length, datatypes, RDF 1.2 terms,
characters XML cannot hold). Nothing is ever fetched because a document asked: `owl:imports`
triples are dropped as files are read.

Two layers. `parse_quads`/`parse_file` read one RDF file with pyoxigraph (it reports line and
column and never fetches a context; expat and a JSON walk guard it first) and never import
rdflib, so queries stay fast; `add_as_graph` puts one straight into a pyoxigraph
store, each statement checked against ROTO's limits first. `load` compiles the review plus a
researcher's files:
authoring-form TOML joins the review's own content (compiled with provenance); each RDF file
(Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) stays in its own rdflib graph, so reports
can tell the researcher's statements, and their file, from the review's.

>>> sorted(SUFFIXES)[:3]
['.jsonld', '.nq', '.nt']
"""

from __future__ import annotations

import json
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import limits
from .errors import RotoError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from .authoring import Content
    from .build.triples import Triples

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
TOML_SUFFIX = ".toml"
DATA_SUFFIXES = (TOML_SUFFIX, *SUFFIXES)  # what `roto validate`, `roto reason` and `roto.open` read
_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_STRING = "http://www.w3.org/2001/XMLSchema#string"

_POSITION = re.compile(r"^Parser error (?:at|between) line \d+ "
                       r"(?:column \d+(?: and line \d+ column \d+)?|between columns \d+ and \d+): ")
_TRAILER = re.compile(r" \([^()]*, line \d+\)$")


def read_text(path: Path, suffixes: tuple[str, ...]) -> str:
    """The text of `path`, after the checks every input file gets (exists, name, content)."""
    try:
        if not path.exists():
            raise RotoError(f"{path}: no such file")
        if not path.is_file():
            raise RotoError(f"{path}: not a file")
        size = path.stat().st_size
    except OSError as exc:  # a folder on the path that cannot be searched, a name too long
        raise RotoError(f"{path}: cannot read: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise RotoError(f"{path}: unknown file extension {suffix or '(none)'!r} (expected one of {', '.join(suffixes)})")
    limits.check_size(path, size)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RotoError(f"{path}: cannot read: {exc.strerror or exc}") from None
    limits.check_size(path, len(data))  # it may have grown since
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
    if head.startswith(("<?xml", "<!--", "<!DOCTYPE", "<rdf:RDF")):
        return "RDF/XML"
    return None


def _check_suffix(path: Path, name: str, text: str) -> None:
    """A file whose content is plainly another syntax than its name says: wrong extension.
    RDF/XML may begin with any element (another prefix for the RDF namespace, a bare
    rdf:Description), so for it any opening tag will do."""
    looks = _looks_like(text)
    if name == "RDF/XML" and looks is None and text.lstrip().startswith("<"):
        looks = name
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

    depth = 0

    def on_start(name, attributes):
        nonlocal depth
        depth += 1
        if depth > limits.MAX_DEPTH:
            raise RotoError(f"{path}:{parser.CurrentLineNumber}: elements nested more than {limits.MAX_DEPTH} "
                            "levels deep (ROTO's limit for RDF/XML files)")

    def on_end(name):
        nonlocal depth
        depth -= 1

    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_entity
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
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
    limits.check_depth(path, text, "JSON-LD")
    try:  # numbers stay text here: their size is checked with the other literals
        document = json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise RotoError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    remote = _remote_contexts(document)
    if remote:
        raise RotoError(f"{path}: remote JSON-LD context {remote[0]!r} refused (not fetched); "
                        "put the context inline in the file")


def _read_rdf(path: Path) -> tuple[str, str, ox.RdfFormat]:
    """The text of an RDF file after every check and guard, its syntax's name and format."""
    text = read_text(path, tuple(SUFFIXES))
    name, fmt = SUFFIXES[path.suffix.lower()]
    _check_suffix(path, name, text)
    if name == "RDF/XML":
        _guard_xml(path, text)
    elif name == "JSON-LD":
        _guard_jsonld(path, text)
    elif name in ("Turtle", "TriG"):
        limits.check_depth(path, text, "Turtle")
    else:
        limits.check_lines(path, text)
    return text, name, fmt


def parse_quads(path: Path, rename_blank_nodes: bool = True) -> list[ox.Quad]:
    """The statements of an RDF file, named graphs kept, owl:imports dropped, every term
    within ROTO's limits (`roto.limits`); blank nodes get fresh labels unless
    `rename_blank_nodes` is False (a file that repeats the release's statements then adds
    nothing twice)."""
    path = Path(path)
    text, name, fmt = _read_rdf(path)
    try:
        quads = ox.parse(text, format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=rename_blank_nodes)
        return limits.check_quads(path, text, (q for q in quads if q.predicate != _IMPORTS))
    except SyntaxError as exc:
        message = _TRAILER.sub("", _POSITION.sub("", str(exc.msg or exc)))
        where = f"{path}:{exc.lineno}:{exc.offset}" if exc.lineno else str(path)
        raise RotoError(f"{where}: cannot parse as {name}: {message}") from None
    except MemoryError:  # pyoxigraph holds one token in at most 16 MB
        raise RotoError(f"{path}: a literal or IRI over pyoxigraph's 16 MB buffer (ROTO's limits: "
                        f"{limits.MAX_LITERAL:,} characters per literal, {limits.MAX_IRI:,} per IRI)") from None


def add_as_graph(store: ox.Store, path: Path, graph: ox.NamedNode) -> None:
    """Add every statement of an RDF file to `store` in `graph` (its named graphs merged, as
    `parse_file` does), read as `parse_quads` reads it."""
    store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in parse_quads(path))


def parse_file(path: Path) -> list[ox.Triple]:
    """The triples of an RDF file (named graphs of N-Quads/TriG merged into one graph)."""
    return [ox.Triple(q.subject, q.predicate, q.object) for q in parse_quads(path)]


def rdflib_graph(triples: list[ox.Triple], origin: Path | str = "a file") -> Graph:
    """An rdflib Graph of `triples`, term by term: linear, where rdflib's N-Triples parser
    takes time quadratic in the length of a line (3 s for one 1 MB literal). A literal rdflib
    finds ill-typed in a way `limits` does not see (an rdf:XMLLiteral, say) is refused here,
    where rdflib would only log a traceback."""
    import logging

    from rdflib import BNode, Graph, Literal, URIRef

    from .build.compiler import bind_prefixes

    def term(node):
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == _STRING:  # a plain literal, as rdflib reads one
            return Literal(node.value)
        literal = Literal(node.value, datatype=URIRef(node.datatype.value))
        if literal.ill_typed:
            raise RotoError(f'{origin}: the literal "{node.value[:40]}" is not a valid <{node.datatype.value}> '
                            "(a value of the wrong datatype)")
        return literal

    graph = Graph()
    bind_prefixes(graph)
    rdflib_log = logging.getLogger("rdflib.term")
    level = rdflib_log.level
    rdflib_log.setLevel(logging.ERROR)
    try:
        for triple in triples:
            graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    finally:
        rdflib_log.setLevel(level)
    return graph


@dataclass
class Extended:
    """The compiled review (with any TOML additions) and the researcher's RDF files, kept apart."""

    content: Content
    graphs: dict[str, Triples]  # the compiled named graphs' triples, by graph name (`roto.build.compiler`)
    toml: list[str] = field(default_factory=list)  # the researcher's TOML files, as named
    rdf: dict[str, Graph] = field(default_factory=dict)  # the researcher's RDF files -> their triples

    @cached_property
    def dataset(self) -> Dataset:
        """The compiled graphs as an rdflib Dataset, made when first asked for (the reasoner does not need it)."""
        from .build.compiler import as_dataset

        return as_dataset(self.graphs)

    def from_extension(self, origin: str) -> bool:
        """Whether a statement read from `origin` is the researcher's rather than the review's."""
        return origin in self.toml or origin in self.rdf

    def triples(self) -> Triples:
        """Every triple reasoned over: the review's named graphs (not `inferred`) and every RDF file."""
        from .build.triples import Triples

        union = Triples()
        for compiled in self.graphs.values():
            union.update(compiled)
        for part in self.rdf.values():
            union.update(part)
        return union

    def graph(self) -> Graph:
        """Everything in one new rdflib Graph: the review's named graphs (not `inferred`) and every RDF file."""
        from rdflib import Graph

        from .build.compiler import bind_prefixes

        union = Graph()
        bind_prefixes(union)
        for triple in self.triples():
            union.add(triple)
        return union


def check_files(paths, suffixes: tuple[str, ...] = DATA_SUFFIXES) -> list[Path]:
    """`paths` as Paths, each checked (exists, a known kind, UTF-8 text) before any work starts."""
    paths = [Path(p) for p in paths]
    for path in paths:
        read_text(path, suffixes)
    return paths


def load(paths=(), project=..., compile=None) -> Extended:
    """Compile the review (and `project`, by default the active one: see `roto.project`) plus
    `paths`: TOML files join the review's content, RDF files stay apart. `compile`: what
    makes the graphs of the content read (by default `compile_graphs`; `roto validate`
    passes its cache, `roto.check.triples_cache`)."""
    from .authoring import read_content
    from .build.compiler import compile_graphs

    if project is ...:
        from .project import active

        project = active()
    paths = check_files(paths)
    toml = [p for p in paths if p.suffix.lower() == TOML_SUFFIX]
    rdf = {str(p): rdflib_graph(parse_file(p), p) for p in paths if p.suffix.lower() != TOML_SUFFIX}
    content = read_content(toml, project=project)
    own = [str(p) for p in project.model_files()] if project is not None else []
    return Extended(content, (compile or compile_graphs)(content), [*own, *(str(p) for p in toml)], rdf)
