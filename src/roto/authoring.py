"""Read the authored review content (TOML files and the references CSV) into plain records.

The authoring form is what a researcher checks against the paper and extends: one TOML
file per model plus `framework.toml` and `references.csv` (see review/README.md). This
module only reads and cross-checks it; `build/compiler.py` turns the records into RDF. Every
mistake is reported as a RotoError naming the file and the key, so the CLI shows one line.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from . import limits, toml_parser
from .errors import RotoError
from .namespaces import BASE, REVIEW_IRI, iri

if TYPE_CHECKING:
    from .forked import Forked

ROTO = BASE

# Kinds of vocabulary entries in a TOML file: table name -> (entity kind, OWL class).
VOCABULARY = {
    "resources": ("resource", ROTO + "ResourceType"),
    "relationships": ("relationship", ROTO + "RelationshipType"),
    "dimensions": ("dimension", ROTO + "RelationshipDimension"),
    "reciprocity": ("reciprocity", ROTO + "ReciprocityValue"),
    "expertise": ("expertise", ROTO + "ExpertiseLocus"),
    "qualifiers": ("qualifier", ROTO + "Qualifier"),
}

# Per-model tables of table cells: table name -> (property, vocabulary kind).
CELLS = {
    "resources": (ROTO + "usesResource", "resource"),
    "relationships": (ROTO + "usesRelationship", "relationship"),
}

# Per-model dimension judgements: table name -> (property, vocabulary kind).
JUDGEMENTS = {
    "reciprocity": (ROTO + "hasReciprocity", "reciprocity"),
    "expertise": (ROTO + "hasExpertiseLocus", "expertise"),
}

# The keys a statement (a table cell or a judgement) may have.
STATEMENT_KEYS = frozenset({"uses", "value", "at", "cites", "qualifiers", "nuance", "joint-with"})
# The keys of one qualification in a statement's `qualifiers` list.
QUALIFICATION_KEYS = frozenset({"kind", "note", "cites"})

# What the source says about itself: table name -> (entity kind, OWL class by `kind`).
CLAIM_KINDS = {
    "method": ROTO + "MethodStep",
    "inclusion-criterion": ROTO + "InclusionCriterion",
    "limitation": ROTO + "Limitation",
    "conclusion": ROTO + "Conclusion",
}
CLAIM_KEYS = frozenset({"kind", "position", "label", "text", "at", "cites", "qualifiers"})

_DIMENSION_OF = {"reciprocity": "reciprocity", "expertise": "expertise"}


@dataclass
class Entity:
    """A named individual: a model, a vocabulary term, a source part or a reference."""

    iri: str
    kind: str
    cls: str
    label: str
    origin: str
    definition: str | None = None
    position: int | None = None
    source: str | None = None
    locators: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # by kind: a claim's text and cites, a reference's number...
    namespace: str = BASE  # the review's, or the project's that adds it (its IRI and named graphs)


@dataclass(frozen=True)
class Qualification:
    """A hedge the source puts on a statement: its kind (a Qualifier IRI), a note in
    ROTO's words on how the source words it, and the references cited for the hedge."""

    kind: str
    note: str | None = None
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthoredStatement:
    """One assertion (or, with positive=False, one negative assertion) and its provenance,
    as a source file states it, before compiling (`roto.evidence.Evidence` and
    `roto.web.catalogue.StatementRecord` are what the graph gives back).

    `qualifications` are the source's hedges on it; `joint_with` names the other models a
    joint claim (one sentence about several models, one set of citations) is made about."""

    id: str
    subject: str
    predicate: str
    object: str
    positive: bool
    source: str
    locators: tuple[str, ...]
    cites: tuple[str, ...]
    origin: str
    qualifications: tuple[Qualification, ...] = ()
    nuance: str | None = None
    joint_with: tuple[str, ...] = ()
    namespace: str = BASE  # the review's, or the project's that adds it

    @property
    def iri(self) -> str:
        return iri("statement", self.id, self.namespace)


@dataclass
class Source:
    """A publication statements come from, with its numbered reference list."""

    id: str
    iri: str
    origin: str
    title: str | None = None
    authors: str | None = None
    citation: str | None = None
    year: int | None = None
    doi: str | None = None
    references: dict[int, str] = field(default_factory=dict)
    namespace: str = BASE
    creators: tuple[tuple[str, str | None], ...] = ()  # a project's: (name, ORCID IRI or None)
    licence: str | None = None

    def reference_iri(self, number: int) -> str:
        if self.iri == REVIEW_IRI:
            return iri("reference", str(number))
        return iri("reference", f"{self.id}/{number}", self.namespace)


@dataclass
class Content:
    """Everything the authored files say, cross-checked."""

    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[AuthoredStatement] = field(default_factory=list)


_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-\u2013]\s*(\d+))?\s*$")


def parse_cites(text: str | int, where: str) -> list[int]:
    """Reference numbers in "26, 27, 29-31": a range counts every number in it."""
    numbers: list[int] = []
    for part in str(text).split(","):
        match = _RANGE.match(part)
        if not match:
            raise RotoError(f"{where}: cannot read reference numbers {text!r} (write e.g. \"24, 25\" or \"13-17\")")
        low, high = int(match[1]), int(match[2] or match[1])
        if high < low:
            raise RotoError(f"{where}: reference range {part.strip()!r} runs backwards")
        if high - low >= limits.MAX_RANGE:
            raise RotoError(f"{where}: reference range {part.strip()!r} spans {high - low + 1:,} numbers, "
                            f"over the limit of {limits.MAX_RANGE:,}")
        numbers.extend(range(low, high + 1))
    return numbers


def cell_problem(cell: object) -> str:
    """What is wrong with a table cell that has no true/false `uses`, in the words to fix it."""
    fix = 'write uses = true for a "Yes" cell or uses = false for a blank one (no quotes)'
    if not isinstance(cell, dict):
        return f"expected {{ uses = true, at = \"...\" }}; {fix}"
    stray = sorted(set(cell) - STATEMENT_KEYS)
    if stray:
        return f"unknown key(s) {', '.join(stray)}; {fix}"
    if "uses" not in cell:
        return f"'uses' is missing; {fix}"
    value = json.dumps(cell["uses"], ensure_ascii=False, default=str)
    return f"uses = {value} is not true or false; {fix}"


def _check_id(local_id: str, where: str) -> None:
    """Ids end IRIs and statement ids, so they are kept to lowercase letters, digits and hyphens."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", local_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", local_id.lower()).strip("-") or "my-model"
        raise RotoError(f"{where}: an id is lowercase letters, digits and hyphens, e.g. {suggestion!r}")


def _table(value: object, where: str) -> dict:
    """A TOML table where one is expected (a number or a list there is a mistake, not a crash)."""
    if not isinstance(value, dict):
        raise RotoError(f"{where}: expected a table (key = value pairs), got {type(value).__name__} {_short(value)}")
    return value


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _writable(text: str, where: str) -> str:
    """Text that every release file can hold: no control character XML refuses, not over the literal limit."""
    bad = limits.unwritable(text)
    if bad:
        raise RotoError(f"{where}: holds the control character {bad}, which RDF/XML cannot hold")
    if len(text) > limits.MAX_LITERAL:
        raise RotoError(f"{where}: {len(text):,} characters, over the limit of {limits.MAX_LITERAL:,}")
    return text


def _check_iri(value: str, where: str) -> str:
    """An IRI that every RDF syntax can write: absolute, well-formed, not over the IRI limit."""
    import pyoxigraph as ox

    if len(value) > limits.MAX_IRI:
        raise RotoError(f"{where}: an IRI of {len(value):,} characters, over the limit of {limits.MAX_IRI:,}")
    try:
        ox.NamedNode(value)
        valid = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) is not None
    except ValueError:
        valid = False
    if not valid:
        raise RotoError(f"{where}: not a valid absolute IRI (write e.g. https://doi.org/10.1000/xyz)")
    return value


def _as_list(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise RotoError(f"{where}: expected a string or a list of strings, got {value!r}")


@overload
def _text(table: dict, key: str, where: str, required: Literal[True] = ...) -> str: ...
@overload
def _text(table: dict, key: str, where: str, required: bool) -> str | None: ...
def _text(table: dict, key: str, where: str, required: bool = True) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise RotoError(f"{where}: '{key}' is missing")
        return None
    if not isinstance(value, str) or not value.strip():
        raise RotoError(f"{where}: '{key}' must be non-empty text")
    return _writable(value.strip(), f"{where}: '{key}'")


class _Reader:
    """Accumulates Content from files; statements are resolved once every file is read."""

    def __init__(self) -> None:
        self.content = Content()
        self._pending: list[tuple[str, str, dict, str, str]] = []  # (file, model id, table, source id, namespace)
        self._texts: dict[str, str] = {}  # file -> its text, to name the line of a mistake
        self.base = BASE  # the namespace of the file being read: the review's or a project's

    def _whole(self, table: dict, key: str, origin: str, where: str) -> int | None:
        """A whole number of 1 or more (a position, a year), or None when not given; text or a
        fraction there is named with its file and line, before it could reach a reasoner."""
        value = table.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value < 10**9):
            return value
        shown = json.dumps(value, ensure_ascii=False, default=str)[:40]
        found = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=[ \t]*{re.escape(shown[:20])}",
                          self._texts.get(origin, ""), flags=re.M)
        line = f":{limits.line_at(found.string, found.start())}" if found else ""
        raise RotoError(f"{origin}{line}: {where.removeprefix(origin + ': ')}: {key} = {shown} "
                        "is not a whole number of 1 or more (a value of the wrong datatype)")

    # -- files ---------------------------------------------------------------------
    def read_toml(self, path: Path, project_source: str | None = None, parsed: tuple[str, dict] | None = None) -> None:
        """One TOML file; with `project_source` (the id of a project's source), a model file of
        that project: what it adds gets the project's namespace and, without a [source] of its
        own, is attributed to the project's source. `parsed`: its `parse_toml_file`, if made."""
        origin = str(path)
        text, data = parsed if parsed is not None else parse_toml_file(path)
        self._texts[origin] = text
        known = {"source", "parts", "references", "models"}
        if project_source is None:
            known |= {"claims", *VOCABULARY}
        unknown = sorted(set(data) - known)
        if unknown:
            raise RotoError(f"{origin}: unknown table(s) {', '.join(unknown)} (expected some of {', '.join(sorted(known))})")
        self.base = BASE if project_source is None else self.content.sources[project_source].namespace
        source_id = project_source or "review"
        if "source" in data:
            source_id = self._read_source(_table(data["source"], f"{origin}: source"), origin)
        for part_id, label in _table(data.get("parts", {}), f"{origin}: parts").items():
            _check_id(part_id, f"{origin}: parts.{part_id}")
            if not isinstance(label, str):
                raise RotoError(f"{origin}: parts.{part_id} must be a label (text)")
            self._add(Entity(iri("part", part_id, self.base), "part", ROTO + "SourcePart",
                             _writable(label, f"{origin}: parts.{part_id}"), origin,
                             source=self._source_iri(source_id, origin), namespace=self.base))
        if "references" in data:
            self._read_references(_table(data["references"], f"{origin}: references"), source_id, origin)
        for table, (kind, cls) in VOCABULARY.items():
            for local_id, entry in _table(data.get(table, {}), f"{origin}: {table}").items():
                _check_id(local_id, f"{origin}: {table}.{local_id}")
                self._read_vocabulary(kind, cls, local_id, entry, source_id, origin, f"{origin}: {table}.{local_id}")
        for claim_id, entry in _table(data.get("claims", {}), f"{origin}: claims").items():
            _check_id(claim_id, f"{origin}: claims.{claim_id}")
            self._read_claim(claim_id, entry, self._source(source_id, origin), origin, f"{origin}: claims.{claim_id}")
        for model_id, entry in _table(data.get("models", {}), f"{origin}: models").items():
            _check_id(model_id, f"{origin}: models.{model_id}")
            if not isinstance(entry, dict):
                raise RotoError(f"{origin}: models.{model_id} must be a table")
            self._pending.append((origin, model_id, entry, source_id, self.base))

    def read_references_csv(self, path: Path, source_id: str = "review") -> None:
        origin = str(path)
        source = self._source(source_id, origin)
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        rows = list(csv.DictReader(lines))
        if not rows or set(rows[0]) != {"number", "authors"}:
            raise RotoError(f"{origin}: expected the columns 'number,authors'")
        for row in rows:
            self._add_reference(source, row["number"], row["authors"], origin)

    # -- pieces --------------------------------------------------------------------
    def _read_source(self, table: dict, origin: str) -> str:
        where = f"{origin}: source"
        source_id = _text(table, "id", where)
        source_iri = _check_iri(_text(table, "iri", where), f"{where}: iri {_short(table['iri'])}")
        if source_id in self.content.sources:
            raise RotoError(f"{where}: source id {source_id!r} is already defined in {self.content.sources[source_id].origin}")
        self.content.sources[source_id] = Source(
            source_id, source_iri, origin,
            title=_text(table, "title", where, required=False),
            authors=_text(table, "authors", where, required=False),
            citation=_text(table, "citation", where, required=False),
            year=self._whole(table, "year", origin, where),
            doi=_text(table, "doi", where, required=False),
            namespace=self.base,
        )
        return source_id

    def add_project_source(self, project) -> str:
        """A project's own source (see `roto.project`), to which its model files are attributed."""
        self.content.sources[project.prefix] = Source(
            project.prefix, project.source, str(project.root / "roto.toml"), title=project.title,
            namespace=project.namespace, creators=tuple((c.name, c.orcid) for c in project.creators),
            licence=project.licence)
        return project.prefix

    def _read_references(self, table: dict, source_id: str, origin: str) -> None:
        source = self._source(source_id, origin)
        for number, authors in table.items():
            self._add_reference(source, number, authors, origin)

    def _add_reference(self, source: Source, number: object, authors: object, origin: str) -> None:
        try:
            n = int(str(number))
        except ValueError:
            raise RotoError(f"{origin}: reference number {number!r} is not a whole number") from None
        if n < 1:
            raise RotoError(f"{origin}: reference number {n} must be 1 or more")
        if n in source.references:
            hint = (" (a file without [source] adds to the review's list: give your model a [source] of its own)"
                    if source.id == "review" and origin.endswith(".toml") else "")
            raise RotoError(f"{origin}: reference {n} of {source.id!r} is listed twice{hint}")
        names = _writable(str(authors or "").strip(), f"{origin}: reference {n}")
        source.references[n] = names
        entity = Entity(source.reference_iri(n), "reference", ROTO + "Reference",
                        f"[{n}] {names}" if names else f"[{n}]", origin, source=source.iri,
                        namespace=source.namespace)
        entity.extra = {"number": n, "authors": names or None, "cited_in": source.iri}
        self._add(entity)

    def _read_vocabulary(self, kind: str, cls: str, local_id: str, entry: object, source_id: str,
                         origin: str, where: str) -> None:
        if not isinstance(entry, dict):
            raise RotoError(f"{where}: must be a table with a label and a definition")
        entity = Entity(
            iri(kind, local_id), kind, cls, _text(entry, "label", where), origin,
            definition=_text(entry, "definition", where),
            position=self._whole(entry, "position", origin, where),
            source=self._source_iri(source_id, where),
            locators=tuple(self._part(p, where) for p in _as_list(entry.get("at", []), where)),
        )
        if kind in _DIMENSION_OF:
            entity.extra["dimension"] = iri("dimension", _DIMENSION_OF[kind])
        self._add(entity)

    def _read_claim(self, claim_id: str, entry: object, source: Source, origin: str, where: str) -> None:
        """A statement the source makes about itself: a step of its method, an inclusion
        criterion, a limitation or a conclusion, in ROTO's words, with its provenance."""
        if not isinstance(entry, dict):
            raise RotoError(f"{where}: must be a table with kind, label, text and at")
        unknown = sorted(set(entry) - CLAIM_KEYS)
        if unknown:
            raise RotoError(f"{where}: unknown key(s) {', '.join(unknown)} (expected some of {', '.join(sorted(CLAIM_KEYS))})")
        kind = _text(entry, "kind", where)
        if kind not in CLAIM_KINDS:
            raise RotoError(f"{where}: kind {kind!r} is not one of {', '.join(CLAIM_KINDS)}")
        if "at" not in entry:
            raise RotoError(f"{where}: 'at' (where in the source this is stated) is missing")
        entity = Entity(iri("claim", claim_id), "claim", CLAIM_KINDS[kind], _text(entry, "label", where),
                        origin, position=self._whole(entry, "position", origin, where), source=source.iri,
                        locators=tuple(self._part(p, where) for p in _as_list(entry["at"], where)))
        entity.extra = {"text": _text(entry, "text", where), "cites": self._cites(entry, source, where),
                        "qualifications": self._qualifications(entry, source, where)}
        self._add(entity)

    def _add(self, entity: Entity) -> None:
        previous = self.content.entities.get(entity.iri)
        if previous is not None:
            raise RotoError(f"{entity.origin}: {entity.kind} {entity.iri} is already defined in {previous.origin}")
        self.content.entities[entity.iri] = entity

    def _source(self, source_id: str, where: str) -> Source:
        try:
            return self.content.sources[source_id]
        except KeyError:
            raise RotoError(f"{where}: unknown source {source_id!r}") from None

    def _source_iri(self, source_id: str, where: str) -> str:
        return self._source(source_id, where).iri

    def _part(self, part_id: str, where: str) -> str:
        """A part of the current file's namespace (a project's own), else of the review."""
        part = iri("part", part_id, self.base)
        if part not in self.content.entities:
            part = iri("part", part_id)
        if part not in self.content.entities:
            known = sorted(e.iri.rsplit("/", 1)[1] for e in self.content.entities.values() if e.kind == "part")
            raise RotoError(f"{where}: unknown locator {part_id!r} (known: {', '.join(known)})")
        return part

    def _term(self, kind: str, local_id: str, where: str) -> str:
        term = iri(kind, local_id)
        entity = self.content.entities.get(term)
        if entity is None or entity.kind != kind:
            known = sorted(e.iri.rsplit("/", 1)[1] for e in self.content.entities.values() if e.kind == kind)
            raise RotoError(f"{where}: unknown {kind} {local_id!r} (known: {', '.join(known)})")
        return term

    def _cites(self, entry: dict, source: Source, where: str) -> tuple[str, ...]:
        if "cites" not in entry:
            return ()
        numbers = parse_cites(entry["cites"], where)
        missing = [n for n in numbers if n not in source.references]
        if missing:
            raise RotoError(f"{where}: cites reference(s) {missing} that {source.id!r} does not list")
        return tuple(source.reference_iri(n) for n in sorted(set(numbers)))

    def _qualifications(self, entry: dict, source: Source, where: str) -> tuple[Qualification, ...]:
        """The `qualifiers` list of a statement or claim: each { kind, note, cites }."""
        items = entry.get("qualifiers", [])
        if not isinstance(items, list):
            raise RotoError(f"{where}.qualifiers: expected a list such as [{{ kind = \"arguable\", note = \"...\" }}]")
        found = []
        for i, item in enumerate(items, 1):
            q_where = f"{where}.qualifiers[{i}]"
            if not isinstance(item, dict):
                raise RotoError(f"{q_where}: expected {{ kind = \"...\", note = \"...\", cites = \"...\" }}")
            unknown = sorted(set(item) - QUALIFICATION_KEYS)
            if unknown:
                raise RotoError(f"{q_where}: unknown key(s) {', '.join(unknown)} (expected some of kind, note, cites)")
            found.append(Qualification(self._term("qualifier", _text(item, "kind", q_where), q_where),
                                       _text(item, "note", q_where, required=False), self._cites(item, source, q_where)))
        return tuple(found)

    # -- models --------------------------------------------------------------------
    def resolve_models(self) -> None:
        for origin, model_id, entry, source_id, base in self._pending:
            self.base = base
            self._read_model(origin, model_id, entry, self._source(source_id, origin))
        self.base = BASE
        self._pending.clear()
        self._check_joint_claims()

    def _check_joint_claims(self) -> None:
        """A joint claim is recorded on every model it is about, each naming the others."""
        claims = {(st.subject, st.predicate, st.object): st for st in self.content.statements}
        for st in self.content.statements:
            for other in st.joint_with:
                partner = claims.get((other, st.predicate, st.object))
                if partner is None or st.subject not in partner.joint_with:
                    name = other.rsplit("/", 1)[1]
                    raise RotoError(f"{st.origin}: {st.id}: joint-with {name!r}, but {name!r} has no matching "
                                    f"statement marked joint-with {st.subject.rsplit('/', 1)[1]!r}")

    def _read_model(self, origin: str, model_id: str, entry: dict, source: Source) -> None:
        where = f"{origin}: models.{model_id}"
        model = iri("model", model_id, self.base)
        key = entry.get("key-texts")
        if not isinstance(key, dict) or "cites" not in key or "at" not in key:
            raise RotoError(f"{where}: 'key-texts' must give cites and at, e.g. {{ cites = \"9-12\", at = \"models-x\" }}")
        key_parts = tuple(self._part(p, where) for p in _as_list(key["at"], where))
        self._add(Entity(model, "model", ROTO + "TherapeuticModel", _text(entry, "label", where), origin,
                         definition=_text(entry, "definition", where),
                         position=self._whole(entry, "position", origin, where),
                         source=source.iri, locators=key_parts, namespace=self.base))
        known_keys = {"label", "definition", "position", "key-texts", *CELLS, *JUDGEMENTS}
        unknown = sorted(set(entry) - known_keys)
        if unknown:
            raise RotoError(f"{where}: unknown key(s) {', '.join(unknown)} (expected some of {', '.join(sorted(known_keys))})")

        add = self.content.statements.append
        for ref in self._cites(key, source, f"{where}.key-texts"):
            number = ref.rsplit("/", 1)[1]
            add(AuthoredStatement(f"{model_id}/key-text/{number}", model, ROTO + "hasKeyText", ref, True,
                          source.iri, key_parts, (ref,), origin, namespace=self.base))
        for table, (prop, kind) in CELLS.items():
            for term_id, cell in _table(entry.get(table, {}), f"{where}.{table}").items():
                cell_where = f"{where}.{table}.{term_id}"
                if not isinstance(cell, dict) or not isinstance(cell.get("uses"), bool):
                    raise RotoError(f"{cell_where}: {cell_problem(cell)}")
                add(self._statement(f"{model_id}/{kind}/{term_id}", model, prop, self._term(kind, term_id, cell_where),
                                    cell["uses"], cell, source, origin, cell_where))
        for table, (prop, kind) in JUDGEMENTS.items():
            if table in entry:
                judgement = entry[table]
                j_where = f"{where}.{table}"
                if not isinstance(judgement, dict):
                    raise RotoError(f"{j_where}: must be a table with value and at")
                value = self._term(kind, _text(judgement, "value", j_where), j_where)
                add(self._statement(f"{model_id}/{table}", model, prop, value, True, judgement, source, origin, j_where))

    def _statement(self, sid, subject, prop, obj, positive, entry, source, origin, where) -> AuthoredStatement:
        if "at" not in entry:
            raise RotoError(f"{where}: 'at' (where in the source this is stated) is missing")
        unknown = sorted(set(entry) - STATEMENT_KEYS)
        if unknown:
            hint = " (a hedge is now qualifiers = [{ kind = \"...\" }])" if "qualifier" in unknown else ""
            raise RotoError(f"{where}: unknown key(s) {', '.join(unknown)}{hint}")
        joint = []
        for other in _as_list(entry.get("joint-with", []), where):
            _check_id(other, f"{where}.joint-with")
            if iri("model", other, self.base) == subject:
                raise RotoError(f"{where}.joint-with: names the model itself; list the other models only")
            joint.append(iri("model", other, self.base))
        return AuthoredStatement(
            sid, subject, prop, obj, positive, source.iri,
            tuple(self._part(p, where) for p in _as_list(entry["at"], where)),
            self._cites(entry, source, where), origin,
            qualifications=self._qualifications(entry, source, where),
            nuance=_text(entry, "nuance", where, required=False),
            joint_with=tuple(joint), namespace=self.base,
        )


def read_content(extra: list[Path] | tuple[Path, ...] = (), review_dir: Path | None = None,
                 project=None) -> Content:
    """Read the review's authored files, then a `roto.project.Project`'s model files (in its namespace,
    attributed to its source), then any extra TOML files (a researcher's additions: a
    project's, when there is one). A project without the review keeps its framework only."""
    from .assets import asset_dir

    folder = review_dir or asset_dir("review")
    reader = _Reader()
    reader.read_toml(folder / "framework.toml")
    reader.read_references_csv(folder / "references.csv")
    if project is None or project.review:
        reader.read_toml(folder / "claims.toml")
        for path in sorted((folder / "models").glob("*.toml")):
            reader.read_toml(path)
    own = reader.add_project_source(project) if project is not None else None
    files = [Path(path) for path in [*(project.model_files() if project is not None else ()), *extra]]
    with _ParsedApart(files) as parsed:
        for path in files:
            reader.read_toml(path, own, parsed.get(path))
    reader.resolve_models()
    return reader.content


def parse_toml_file(path: Path) -> tuple[str, dict]:
    """A TOML file's text and data."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RotoError(f"{path}: not a UTF-8 text file") from None
    return text, toml_parser.parse(path, text)


# TOML files read above which the last PARSED_APART of them are parsed by a forked child
# while this process reads the review's files and the first ones (`_ParsedApart`).
PARSE_APART_ABOVE = 200
PARSED_APART = 0.6


class _ParsedApart:
    """`get(path)`: the `parse_toml_file` of one of `files`, made by a forked child if it is
    among the last PARSED_APART of more than PARSE_APART_ABOVE (parsing is nearly half of
    reading a model file; the rest, which cross-checks the files, stays in order here), else
    None. A file the child could not parse is its error, raised when that file is reached;
    the child stops there, as reading in order would."""

    def __init__(self, files: list[Path]):
        from .forked import can_fork

        self.first = len(files) - round(len(files) * PARSED_APART)
        self.later = files[self.first:] if len(files) > PARSE_APART_ABOVE and can_fork() else []
        self.child: Forked[dict[Path, tuple[str, dict] | RotoError]] | None = None
        self.parsed: dict[Path, tuple[str, dict] | RotoError] | None = None

    def __enter__(self) -> _ParsedApart:
        if self.later:
            from .forked import Forked

            self.child = Forked(lambda: _parse_in_order(self.later))
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.child is not None:
            self.child.cancel()

    def get(self, path: Path) -> tuple[str, dict] | None:
        if self.child is None:
            return None
        if self.parsed is None:
            if path != self.later[0]:
                return None
            self.parsed = self.child.result()
        found = self.parsed.get(path)
        if isinstance(found, RotoError):
            raise found
        return found


def _parse_in_order(paths: list[Path]) -> dict[Path, tuple[str, dict] | RotoError]:
    parsed: dict[Path, tuple[str, dict] | RotoError] = {}
    for path in paths:
        try:
            parsed[path] = parse_toml_file(path)
        except RotoError as exc:
            parsed[path] = exc
            break
    return parsed
