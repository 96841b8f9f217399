"""A project's cache of compiled triples, `<project>/.roto/compiled/`: one entry per file
read (each model file, roto.toml's source, the review's files), so that `roto validate`
compiles only the files whose records changed since the last run (compiling, and handing
the triples to pyoxigraph term by term, is most of loading 10,000 models).

Every file is still read and cross-checked on every run (a name defined twice, a reference
its source does not list: `roto.authoring`); only compiling is skipped. An entry is named by
the sha256 of all its triples are made from: the cache's format, ROTO's code (every module of
the package; the rdflib and pyoxigraph versions) and the file's records as read beside all the
others (`roto.authoring.Content`: its sources, entities and statements, every name resolved,
so what roto.toml, the review or another file decides is in them). Another ROTO, another framework, another config or another
file's part taking a name: another key, and the file is compiled again. An entry holds
N-Triples, its first line the sha256 of its name and the rest; one that does not match (cut
short, another's) or does not parse is never used.

The compiler writes each record's triples about nodes of the record's own (an entity's IRI
and hedges, a statement's axiom node and hedges, a source's IRI and creators; an axiom node
ROTO adds is about its owl:annotatedSource): that is how the triples of the files compiled
together are told apart. A compile with a triple no file owns alone, or a literal N-Triples
cannot keep as given (an explicit xsd:string), writes no entry. The ontology and mappings,
which every compile makes, are never cached. tests/test_validate_cache.py checks each entry
against its file compiled alone.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal
from rdflib.namespace import OWL, XSD

from ..authoring import Content

FOLDER = Path(".roto") / "compiled"
_FORMAT = b"roto compiled triples 1\n"
_HEADER = b"# sha256 "
_SUFFIX = ".nt"
_PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def _code() -> bytes:
    """The cache's format, ROTO's code and the rdflib and pyoxigraph that make and write
    the triples (a literal's lexical form is theirs): a key made by another never matches."""
    import rdflib

    total = hashlib.sha256(_FORMAT + f"rdflib {rdflib.__version__}; pyoxigraph {ox.__version__}\n".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        total.update(f"{path.relative_to(_PACKAGE).as_posix()}\n".encode() + hashlib.sha256(path.read_bytes()).digest())
    return total.digest()


@functools.cache
def _fixed() -> frozenset:
    """What every compile makes, whatever the content (the ontology, the mappings)."""
    from ..build.compiler import compile_graphs

    return frozenset(t for triples in compile_graphs(Content()).values() for t in triples)


def by_file(content: Content) -> dict[str, Content]:
    """The records of `content`, by the file that gave them."""
    parts: dict[str, Content] = defaultdict(Content)
    for source in content.sources.values():
        parts[source.origin].sources[source.id] = source
    for entity in content.entities.values():
        parts[entity.origin].entities[entity.iri] = entity
    for statement in content.statements:
        parts[statement.origin].statements.append(statement)
    return dict(parts)


def key(origin: str, part: Content) -> str:
    """An entry's name: what its file's triples are made from."""
    total = hashlib.sha256(_code())
    total.update(repr((origin, list(part.sources.values()), list(part.entities.values()), part.statements)).encode())
    return total.hexdigest()


class TriplesCache:
    """The cache in `folder`, as a `compile` for `roto.loader.load`: called with the content
    read, it gives the graphs of the files it has no entry for (and the ontology and
    mappings) and keeps the entries' N-Triples in `cached`; `keep` writes what it compiled."""

    def __init__(self, folder: Path, trusted: bool = True):
        self.folder = folder
        self.trusted = trusted  # False: use no entry (one did not parse), write each again
        self.cached = b""
        self.keys: dict[str, str] = {}  # file -> its entry's name, for every file of the content
        self.missing = Content()
        self.missed: dict[str, str] = {}  # the files compiled: file -> entry's name
        self.graphs: dict = {}

    @classmethod
    def of(cls, project) -> TriplesCache | None:
        """A project's cache (none outside a project, or inside the installed package)."""
        if project is None:
            return None
        folder = project.root / FOLDER
        return None if folder.resolve().is_relative_to(_PACKAGE) else cls(folder)

    def __call__(self, content: Content) -> dict:
        from ..build.compiler import compile_graphs

        bodies = []
        for origin, part in by_file(content).items():
            name = self.keys[origin] = key(origin, part)
            body = self.read(name)
            if body is not None:
                bodies.append(body)
                continue
            self.missed[origin] = name
            self.missing.sources.update(part.sources)
            self.missing.entities.update(part.entities)
            self.missing.statements += part.statements
        self.cached = b"".join(bodies)
        self.graphs = compile_graphs(self.missing)
        return self.graphs

    def read(self, name: str) -> bytes | None:
        """An entry's N-Triples, if it is whole."""
        if not self.trusted:
            return None
        try:
            data = (self.folder / (name + _SUFFIX)).read_bytes()
        except OSError:
            return None
        head, _, body = data.partition(b"\n")
        return body if head == _head(name, body) else None

    def keep(self, term) -> None:
        """Write an entry for each file compiled (if its triples can be told apart), and
        remove the entries no file of this run has. `term`: rdflib term -> pyoxigraph's."""
        parts = self._split() if self.missed else None
        if parts is not None:
            for origin, name in self.missed.items():
                body = ox.serialize((ox.Triple(term(s), term(p), term(o)) for s, p, o in parts.get(origin, ())),
                                    format=ox.RdfFormat.N_TRIPLES) or b""
                self._write(name, _head(name, body) + b"\n" + body)
        self._prune(set(self.keys.values()))

    def _split(self) -> dict[str, list] | None:
        """The triples compiled, by the file whose records made them; None if some triple
        cannot be told to be one file's (see the module's docstring)."""
        from ..build.compiler import qualification_iri, statement_node

        owners: dict[str, str | None] = {}

        def own(node: str, origin: str) -> None:
            if owners.setdefault(node, origin) != origin:
                owners[node] = None  # two files' records make it: neither entry may hold it

        for source in self.missing.sources.values():
            own(source.iri, source.origin)
            for _, orcid in source.creators:
                if orcid:
                    own(orcid, source.origin)
        for entity in self.missing.entities.values():
            own(entity.iri, entity.origin)
            for index in range(1, len(entity.extra.get("qualifications", ())) + 1):
                own(str(qualification_iri(entity.iri, index)), entity.origin)
        for st in self.missing.statements:
            own(str(statement_node(st.id, st.namespace)), st.origin)
            for index in range(1, len(st.qualifications) + 1):
                own(str(qualification_iri(st.iri, index)), st.origin)
        fixed, parts, text = _fixed(), defaultdict(list), str.__str__  # a plain str: hashed in C
        axioms: dict[str, list] = defaultdict(list)  # an axiom node's triples, owned as its source is
        annotated: dict[str, str] = {}
        annotated_source = text(OWL.annotatedSource)
        for triples in self.graphs.values():
            for triple in triples:
                s, p, o = triple
                if type(o) is Literal and o.datatype == XSD.string:
                    return None
                owner = owners.get(text(s))
                if owner is not None:
                    parts[owner].append(triple)
                elif type(s) is BNode:
                    axioms[text(s)].append(triple)
                    if text(p) == annotated_source:
                        annotated[text(s)] = text(o)
                elif triple not in fixed:
                    return None
        for node, held in axioms.items():
            owner = owners.get(annotated.get(node, ""))
            if owner is None:
                if any(triple not in fixed for triple in held):
                    return None
                continue
            parts[owner] += held
        return parts

    def _write(self, name: str, data: bytes) -> None:
        """One entry, atomically (a reader sees it whole or not at all); a cache that
        cannot be written is only slower."""
        path = self.folder / (name + _SUFFIX)
        tmp = self.folder / f".{name}.tmp-{os.getpid()}"
        try:
            if not self.folder.is_dir():  # a cache is not the project's content: git leaves it out
                self.folder.mkdir(parents=True)
                (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)

    def _prune(self, used: set[str]) -> None:
        """Remove the entries no file of this run has (and a killed run's temporary files)."""
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for entry in entries:
            name = entry.name
            stale = name.endswith(_SUFFIX) and name[:-len(_SUFFIX)] not in used
            dead = name.startswith(".") and ".tmp-" in name and not _alive(name.rsplit("-", 1)[1])
            if stale or dead:
                entry.unlink(missing_ok=True)


def _head(name: str, body: bytes) -> bytes:
    """An entry's first line: the sha256 of its name and the rest (another's is not it)."""
    return _HEADER + hashlib.sha256(name.encode() + b"\n" + body).hexdigest().encode()


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except OSError:  # another user's: alive
        return True
    return True
