"""What the HTML pages show, read once from the store: entities, statements, ontology terms.

The graph is read-only while it is served, so everything a page needs is gathered at
start-up by a few SPARQL queries (files in `sparql/`) and indexed for the page templates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..engine import LocalEngine, store_select
from ..namespaces import BASE, VERSION, VERSION_IRI
from ..qualifiers import Qualified, qualified
from ..store import term_value

SPARQL_DIR = Path(__file__).with_name("sparql")
OWL = "http://www.w3.org/2002/07/owl#"
TERM_KINDS = {  # ontology term type -> heading on the documentation page
    OWL + "Class": "Classes",
    OWL + "ObjectProperty": "Object properties",
    OWL + "DatatypeProperty": "Data properties",
    OWL + "AnnotationProperty": "Annotation properties",
}
NOT_UTILISED = "not explicitly utilised according to the review"
NOT_STATED = "not stated"


def document_stem(name: str) -> str:
    """Where the documents of the IRI BASE+name are, without their suffix: the name itself
    ("model/befriending" -> model/befriending.ttl), or for an IRI ending in "/" (a
    nanopublication's, as nanopub tools want them) its folder's index ("…/10/index.ttl")."""
    return name + "index" if name.endswith("/") else name


def name_of(iri: str) -> str | None:
    """The name an IRI is published under, its path on the site: its path under BASE
    ("model/befriending"), or under the active project's prefix for one in the project's
    namespace ("hv/model/x", prefix hv; see `roto.project`), so a project's model never takes
    a review model's page; None for any other IRI."""
    if iri.startswith(BASE) and len(iri) > len(BASE):
        return iri[len(BASE):]
    from ..project import active

    project = active()
    if project is not None and iri.startswith(project.namespace) and len(iri) > len(project.namespace):
        return f"{project.prefix}/{iri[len(project.namespace):]}"
    return None


def iri_of(name: str) -> str:
    """The inverse of `name_of`: the IRI published under `name`."""
    from ..project import active

    project = active()
    if project is not None and name.startswith(project.prefix + "/"):
        return project.namespace + name[len(project.prefix) + 1:]
    return BASE + name


def local(iri: str) -> str | None:
    """The local path of an IRI this site describes, without suffix: its name's documents
    (`name_of`, `document_stem`); the version IRI's page is its folder's index; None for an
    IRI the site does not describe."""
    if iri == VERSION_IRI:
        return f"{VERSION}/index"
    name = name_of(iri)
    return None if name is None else document_stem(name)


def sparql(name: str) -> str:
    return (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


@dataclass
class Entity:
    iri: str
    types: set[str] = field(default_factory=set)
    label: str | None = None
    definition: str | None = None
    position: int | None = None
    number: int | None = None
    authors: str | None = None
    links_out: list[tuple[str, str, str | None]] = field(default_factory=list)  # (SKOS match, target, why)

    @property
    def path(self) -> str | None:
        """Local path of a ROTO (or project) IRI ("model/befriending"); None for other IRIs."""
        return local(self.iri)

    @property
    def name(self) -> str:
        return self.label or self.iri.rsplit("/", 1)[-1]


@dataclass
class StatementRecord:
    """A statement as the graph records it (subject, property, target, provenance), indexed
    for the pages: a model page lists its own, a reference page those it supports."""

    id: str
    subject: str
    property: str
    target: str
    positive: bool
    source: str | None = None
    locators: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    hedge_cites: list[str] = field(default_factory=list)  # references cited for its hedges
    nuance: str | None = None
    qualified: Qualified | None = None  # the review's hedges on it and any joint claim

    def hedged_as(self, kind: str) -> bool:
        """Whether one of the statement's hedges is of the qualifier `kind` (an IRI)."""
        return self.qualified is not None and any(h.kind == kind for h in self.qualified.hedges)


@dataclass
class Term:
    """A class or property of the ontology, as the documentation page lists it."""

    iri: str
    kind: str
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)
    supers: list[str] = field(default_factory=list)
    functional: bool = False


class Catalogue:
    """Indexes over the served graph, built once; pages read from here, never query."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.entities: dict[str, Entity] = {}
        for row in store_select(store, sparql("entities"), use_default_graph_as_union=True):
            entity = self.entities.setdefault(row["entity"].value, Entity(row["entity"].value))
            entity.types.add(row["type"].value)
            label = row["label"]
            if label is not None and (entity.label is None or getattr(label, "language", None) == "en"):
                entity.label = label.value
            entity.definition = term_value(row["definition"]) or entity.definition
            for key in ("position", "number"):
                if row[key] is not None:
                    setattr(entity, key, int(row[key].value))
            entity.authors = term_value(row["authors"]) or entity.authors
        for row in store_select(store, sparql("mappings")):
            if row["term"].value in self.entities:
                self.entities[row["term"].value].links_out.append(
                    (row["match"].value.rsplit("#", 1)[1], row["target"].value, term_value(row["comment"])))
        by_id: dict[str, StatementRecord] = {}
        hedges = qualified(LocalEngine(store))
        for row in store_select(store, sparql("statements"), use_default_graph_as_union=True):
            st = by_id.get(row["id"].value)
            if st is None:
                st = by_id[row["id"].value] = StatementRecord(
                    row["id"].value, row["subject"].value, row["property"].value, row["target"].value,
                    row["positive"].value == "true", term_value(row["source"]),
                    nuance=term_value(row["nuance"]), qualified=hedges.get(row["id"].value))
            for key, values in (("locator", st.locators), ("cites", st.cites), ("hedgeCites", st.hedge_cites)):
                if row[key] is not None and row[key].value not in values:
                    values.append(row[key].value)
        self.statements = list(by_id.values())
        self.claim_hedges = {sid: q for sid, q in hedges.items() if q.property is None}  # claims about the review
        self._by_subject, self._by_target, self._by_reference = defaultdict(list), defaultdict(list), defaultdict(list)
        for st in self.statements:
            self._by_subject[st.subject].append(st)
            self._by_target[st.target].append(st)
            for ref in dict.fromkeys([*st.cites, *st.hedge_cites]):
                self._by_reference[ref].append(st)
        for st in self.statements:
            st.cites.sort(key=lambda r: self.entities[r].number or 0 if r in self.entities else 0)
        self.terms: dict[str, Term] = {}
        for row in store_select(store, sparql("ontology-terms")):
            term = self.terms.setdefault(row["term"].value, Term(row["term"].value, row["kind"].value))
            for key, values in (("domain", term.domains), ("range", term.ranges), ("super", term.supers)):
                if row[key] is not None and row[key].value not in values:
                    values.append(row[key].value)
            term.functional = term.functional or row["characteristic"] is not None
        self.graphs = sorted(g.value for g in store.named_graphs())

    # -- lookups -------------------------------------------------------------------
    def label(self, iri: str) -> str:
        entity = self.entities.get(iri)
        return entity.name if entity else iri

    def of_type(self, cls: str) -> list[Entity]:
        found = [e for e in self.entities.values() if cls in e.types]
        return sorted(found, key=lambda e: (e.position is None, e.position or 0, e.number or 0, e.name.lower()))

    def about(self, subject: str, prop: str | None = None) -> list[StatementRecord]:
        return [s for s in self._by_subject.get(subject, []) if prop is None or s.property == prop]

    def targeting(self, target: str) -> list[StatementRecord]:
        return self._by_target.get(target, [])

    def supported_by(self, reference: str) -> list[StatementRecord]:
        return self._by_reference.get(reference, [])

    def served_iris(self) -> list[str]:
        """Every IRI under the base (or the project's namespace) that the graph describes
        (entities and ontology terms)."""
        found = {iri for iri in self.entities if local(iri)} | {t for t in self.terms if t.startswith(BASE)}
        return sorted(found - {VERSION_IRI})

    # -- a model's row in each table --------------------------------------------------
    def model_cells(self, model: str, prop: str, column_type: str) -> list[tuple[Entity, StatementRecord | None]]:
        """Each column of a review table with the statement about `model` (None: unstated)."""
        statements = {s.target: s for s in self.about(model, prop)}
        return [(column, statements.get(column.iri)) for column in self.of_type(column_type)]

    def describe(self, iri: str) -> list[ox.Triple]:
        """The triples an entity's IRI dereferences to (see sparql/describe.rq), closed over
        blank nodes: a class expression or list it points to comes with all its triples."""
        answer = self.store.query(sparql("describe"), use_default_graph_as_union=True,
                                  substitutions={ox.Variable("entity"): ox.NamedNode(iri)})
        assert isinstance(answer, ox.QueryTriples), "sparql/describe.rq is a DESCRIBE query"
        triples = list(dict.fromkeys(answer))
        expanded = {t.subject for t in triples if isinstance(t.subject, ox.BlankNode)}
        pending = [t.object for t in triples if isinstance(t.object, ox.BlankNode)]
        while pending:
            node = pending.pop()
            if node in expanded:
                continue
            expanded.add(node)
            for quad in self.store.quads_for_pattern(node, None, None):
                triples.append(quad.triple)
                if isinstance(quad.object, ox.BlankNode):
                    pending.append(quad.object)
        return list(dict.fromkeys(triples))
