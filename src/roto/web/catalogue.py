"""What the HTML pages show, read once from the store: entities, statements, ontology terms.

The graph is read-only while it is served, so what a page needs is read once and indexed for
the page templates: the entities and ontology terms at start-up, the statements when a page
first asks for them (`Catalogue`), each by patterns of one property (`_objects`) or small
queries (files in `sparql/`), so that the start grows linearly with the graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..engine import LocalEngine, store_select
from ..namespaces import BASE, VERSION, VERSION_IRI
from ..project import Project
from ..qualifiers import Hedge, Qualified, qualified
from ..store import term_value

if TYPE_CHECKING:
    from ..comparison import Profiles

SPARQL_DIR = Path(__file__).with_name("sparql")
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
Value = ox.NamedNode | ox.BlankNode | ox.Literal
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


def name_of(iri: str, project: Project | str | None = "active") -> str | None:
    """The name an IRI is published under, its path on the site: its path under BASE
    ("model/befriending"), or under the active project's prefix for one in the project's
    namespace ("hv/model/x", prefix hv; see `roto.project`), so a project's model never takes
    a review model's page; None for any other IRI. `project`: the active one, read once by a
    caller naming many IRIs (`roto.project.active` checks its file each time)."""
    if iri.startswith(BASE) and len(iri) > len(BASE):
        return iri[len(BASE):]
    from ..project import active

    pinned = active() if project == "active" else project
    if isinstance(pinned, Project) and iri.startswith(pinned.namespace) and len(iri) > len(pinned.namespace):
        return f"{pinned.prefix}/{iri[len(pinned.namespace):]}"
    return None


def iri_of(name: str) -> str:
    """The inverse of `name_of`: the IRI published under `name`."""
    from ..project import active

    project = active()
    if project is not None and name.startswith(project.prefix + "/"):
        return project.namespace + name[len(project.prefix) + 1:]
    return BASE + name


def local(iri: str, project: Project | str | None = "active") -> str | None:
    """The local path of an IRI this site describes, without suffix: its name's documents
    (`name_of`, `document_stem`); the version IRI's page is its folder's index; None for an
    IRI the site does not describe."""
    if iri == VERSION_IRI:
        return f"{VERSION}/index"
    name = name_of(iri, project)
    return None if name is None else document_stem(name)


def local_paths(iris) -> dict[str, str]:
    """`local` of each of `iris` that has one, the active project read once."""
    from ..project import active

    project = active()
    return {iri: path for iri in iris if (path := local(iri, project))}


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
    """Indexes over the served graph, built once; pages read from here, never query.

    The entities and ontology terms are indexed at start (the routes and the home page need
    them); the statements, which a large project has hundreds of thousands of, when a page
    first asks for them. Both are read by narrow patterns (`_objects`), not by one query
    joining every optional part: on a large project's on-disk store such joins took a
    minute, and grew faster than the graph."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.entities = _entities(store)
        for row in store_select(store, sparql("mappings")):
            if row["term"].value in self.entities:
                self.entities[row["term"].value].links_out.append(
                    (row["match"].value.rsplit("#", 1)[1], row["target"].value, term_value(row["comment"])))
        self.terms: dict[str, Term] = {}
        for row in store_select(store, sparql("ontology-terms")):
            term = self.terms.setdefault(row["term"].value, Term(row["term"].value, row["kind"].value))
            for key, values in (("domain", term.domains), ("range", term.ranges), ("super", term.supers)):
                if row[key] is not None and row[key].value not in values:
                    values.append(row[key].value)
            term.functional = term.functional or row["characteristic"] is not None
        self.graphs = sorted(g.value for g in store.named_graphs())
        self._reads: dict[tuple[str, tuple[str, ...]], list[StatementRecord]] = {}  # `_reached`'s

    @cached_property
    def _hedges(self) -> dict[str, Qualified]:
        return qualified(LocalEngine(self.store))

    @cached_property
    def claim_hedges(self) -> dict[str, Qualified]:
        """The hedges on claims about the review, by the claim's IRI."""
        return {sid: q for sid, q in self._hedges.items() if q.property is None}

    @cached_property
    def profiles(self) -> Profiles:
        """Every model's table features and dimensions, as `roto similar` compares them: read
        once (one pass over the tables), not once per model page."""
        from ..comparison import profiles

        return profiles(LocalEngine(self.store))

    @cached_property
    def statements(self) -> list[StatementRecord]:
        """Every statement, by id, with its locators in the order of their IRIs and its
        references in the order of their numbers (the graph gives neither an order)."""
        return self._ordered(_statements(self.store, self._hedges))

    def _ordered(self, found: list[StatementRecord]) -> list[StatementRecord]:
        for st in found:
            st.locators.sort()
            st.cites.sort(key=lambda r: (self.entities[r].number or 0 if r in self.entities else 0, r))
        return found

    def _reached(self, iri: str, predicates: tuple[str, ...]) -> list[StatementRecord]:
        """The statements whose node, or a hedge on it, has `iri` as the object of one of
        `predicates`, as `statements` has them: read by patterns with `iri` or a node bound
        (the nodes' own triples, their hedges), so that a page about one model, part or
        reference costs what it shows, not what the whole graph holds."""
        if (iri, predicates) not in self._reads:
            objects = _triples_of(self.store, _holders(self.store, iri, predicates))
            self._reads[iri, predicates] = self._ordered(_statements(self.store, _hedges_of(self.store, objects), objects))
        return self._reads[iri, predicates]

    @cached_property
    def _by_subject(self) -> dict[str, list[StatementRecord]]:
        return _index(self.statements, lambda st: [st.subject])

    @cached_property
    def _by_target(self) -> dict[str, list[StatementRecord]]:
        return _index(self.statements, lambda st: [st.target])

    @cached_property
    def _by_reference(self) -> dict[str, list[StatementRecord]]:
        return _index(self.statements, lambda st: dict.fromkeys([*st.cites, *st.hedge_cites]))

    @cached_property
    def _by_mention(self) -> dict[str, list[StatementRecord]]:
        return _index(self.statements, lambda st: dict.fromkeys(
            [*st.locators, *(h.kind for h in (st.qualified.hedges if st.qualified else ())), st.property]))

    # -- lookups -------------------------------------------------------------------
    def label(self, iri: str) -> str:
        entity = self.entities.get(iri)
        return entity.name if entity else iri

    def of_type(self, cls: str) -> list[Entity]:
        found = [e for e in self.entities.values() if cls in e.types]
        return sorted(found, key=lambda e: (e.position is None, e.position or 0, e.number or 0, e.name.lower()))

    # Each lookup reads from the index of every statement once a page has read them all,
    # else only the statements it finds (`_reached`).
    def _loaded(self) -> bool:
        return "statements" in self.__dict__

    def about(self, subject: str, prop: str | None = None) -> list[StatementRecord]:
        found = self._by_subject.get(subject, []) if self._loaded() else self._reached(subject, HOLDERS["subject"])
        return [s for s in found if prop is None or s.property == prop]

    def targeting(self, target: str) -> list[StatementRecord]:
        return self._by_target.get(target, []) if self._loaded() else self._reached(target, HOLDERS["target"])

    def mentioning(self, iri: str) -> list[StatementRecord]:
        """The statements made in the part `iri` of a source, hedged by the qualifier `iri` or
        of the property `iri`."""
        return self._by_mention.get(iri, []) if self._loaded() else self._reached(iri, HOLDERS["mention"])

    def supported_by(self, reference: str) -> list[StatementRecord]:
        """The statements citing `reference`, or with a hedge citing it."""
        return self._by_reference.get(reference, []) if self._loaded() else self._reached(reference, HOLDERS["reference"])

    def support_counts(self) -> dict[str, int]:
        """How many statements each reference supports (the references page: every one, so
        read from the index of all)."""
        return {ref: len(found) for ref, found in self._by_reference.items()}

    def served_iris(self) -> list[str]:
        """Every IRI under the base (or the project's namespace) that the graph describes
        (entities and ontology terms)."""
        found = set(local_paths(self.entities)) | {t for t in self.terms if t.startswith(BASE)}
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


def _objects(store: ox.Store, predicate: str, where: str = "") -> dict[Value, list[Value]]:
    """Each subject's objects of `predicate` in any graph (subjects kept by the filter `where`
    on ?s), in the store's order: one pattern, answered in time linear in its matches on the
    on-disk store and in memory alike, faster there than reading the same quads one by one."""
    found: dict = defaultdict(list)
    for subject, value in store_select(store, f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o {where} }}",
                                       use_default_graph_as_union=True):
        found[subject].append(value)
    return found


def _entities(store: ox.Store) -> dict[str, Entity]:
    """Every IRI with a type (other than owl:NamedIndividual), with its label (English
    preferred), definition (or a claim's text), table position and reference number and authors."""
    iris = "FILTER(isIRI(?s))"
    entities: dict[str, Entity] = {}
    for subject, types in _objects(store, RDF_TYPE, iris).items():
        kinds = {t.value for t in types} - {OWL + "NamedIndividual"}
        if kinds:
            entities[subject.value] = Entity(subject.value, kinds)

    def each(predicate: str):
        for subject, values in _objects(store, predicate, iris).items():
            if (entity := entities.get(subject.value)) is not None:
                yield entity, values

    for entity, values in each(RDFS + "label"):
        english = [v for v in values if getattr(v, "language", None) == "en"]
        entity.label = (english or values)[-1 if english else 0].value
    for predicate in (SKOS + "definition", BASE + "claimText"):  # a claim's text stands in for a definition
        for entity, values in each(predicate):
            entity.definition = values[-1].value or entity.definition
    for predicate, key in ((BASE + "tablePosition", "position"), (BASE + "referenceNumber", "number")):
        for entity, values in each(predicate):
            setattr(entity, key, int(values[-1].value))
    for entity, values in each(BASE + "authorsAsCited"):
        entity.authors = values[-1].value or entity.authors
    return entities


# A statement is an owl:Axiom (a positive assertion) or an owl:NegativePropertyAssertion (a
# blank table cell): its class and the properties naming its subject, property and target.
KINDS = ((True, OWL + "Axiom", ("annotatedSource", "annotatedProperty", "annotatedTarget")),
         (False, OWL + "NegativePropertyAssertion", ("sourceIndividual", "assertionProperty", "targetIndividual")))


def _statements(store: ox.Store, hedges: dict[str, Qualified], objects=None) -> list[StatementRecord]:
    """Every statement with an id (`KINDS`), or those `objects` (`_triples_of`) has, with its
    provenance: its source, locators, references, the references cited for its hedges
    (`qualifiedBy`), ROTO's nuance."""
    alone = objects is not None
    objects = objects or partial(_objects, store)
    ids = objects(BASE + "statementId")
    of = {name: objects(BASE + name) for name in ("source", "locator", "citesReference", "qualifiedBy", "nuance")}
    by_id: dict[str, StatementRecord] = {}
    for positive, cls, parts in KINDS:
        subjects, properties, targets = (objects(OWL + part) for part in parts)
        for node in [node for node, types in objects(RDF_TYPE).items() if ox.NamedNode(cls) in types] \
                if alone else (row[0] for row in store_select(store, f"SELECT ?s WHERE {{ ?s a <{cls}> }}",
                                                                            use_default_graph_as_union=True)):
            if not (node in subjects and node in properties and node in targets and node in ids):
                continue
            sid = ids[node][0].value
            st = by_id.get(sid)
            if st is None:
                st = by_id[sid] = StatementRecord(
                    sid, subjects[node][0].value, properties[node][0].value, targets[node][0].value, positive,
                    _first(of["source"].get(node)), nuance=_first(of["nuance"].get(node)), qualified=hedges.get(sid))
            cites = of["citesReference"]
            hedge_cites = [ref for item in of["qualifiedBy"].get(node, ()) for ref in cites.get(item, ())]
            for values, found in ((st.locators, of["locator"].get(node, ())), (st.cites, cites.get(node, ())),
                                  (st.hedge_cites, hedge_cites)):
                for value in found:
                    if value.value not in values:
                        values.append(value.value)
    return sorted(by_id.values(), key=lambda st: st.id)


def _hedges_of(store: ox.Store, objects) -> dict[str, Qualified]:
    """`qualified`'s answer (the query `qualifiers`) for the statements `objects` (`_triples_of`)
    has, from patterns with a node bound: pyoxigraph answers that query by reading every
    statement even with its subject bound (0.2 s at 1,000 models). As there: each hedge by the
    qualifier's label, its note, the numbers of the references cited for it; the labels of
    the other models of a joint claim in order."""
    def values(node, predicate: str) -> list:
        return [quad.object for quad in store.quads_for_pattern(node, ox.NamedNode(predicate), None)]

    found = {}
    ids, qualified_by, joint = (objects(BASE + name) for name in ("statementId", "qualifiedBy", "jointClaimWith"))
    for _, _, parts in KINDS:
        subjects, properties, targets = (objects(OWL + part) for part in parts)
        for node in [n for n in ids if n in subjects and n in properties and n in targets]:
            hedges: dict[str, Hedge] = {}
            said = [(label.value, kind.value, item) for item in qualified_by.get(node, ())
                    for kind in values(item, BASE + "qualifier") for label in values(kind, RDFS + "label")]
            for label, kind, item in sorted(said, key=lambda row: row[:2]):
                numbers = {int(n.value) for ref in values(item, BASE + "citesReference")
                           for n in values(ref, BASE + "referenceNumber")}
                hedge = hedges.setdefault(kind, Hedge(kind, label, _first(values(item, BASE + "nuance")), ()))
                hedges[kind] = hedge._replace(references=tuple(sorted({*hedge.references, *numbers})))
            others = sorted({label.value for other in joint.get(node, ()) for label in values(other, RDFS + "label")})
            if hedges or others:
                sid = ids[node][0].value
                found[sid] = Qualified(sid, subjects[node][0].value, properties[node][0].value, targets[node][0].value,
                                       tuple(hedges.values()), tuple(others))
    return found


# The predicates by which each lookup finds its statements' nodes (or the hedges on them).
HOLDERS = {"subject": (OWL + "annotatedSource", OWL + "sourceIndividual"),
           "target": (OWL + "annotatedTarget", OWL + "targetIndividual"),
           "mention": (BASE + "locator", OWL + "annotatedProperty", OWL + "assertionProperty", BASE + "qualifier"),
           "reference": (BASE + "citesReference",)}


def _holders(store: ox.Store, iri: str, predicates: tuple[str, ...]) -> list:
    """The nodes with `iri` as the object of one of `predicates`, and the statements any
    of them is a hedge on (`qualifiedBy`)."""
    found = [quad.subject for p in predicates for quad in store.quads_for_pattern(None, ox.NamedNode(p), ox.NamedNode(iri))]
    qualified_by = ox.NamedNode(BASE + "qualifiedBy")
    return found + [quad.subject for node in found for quad in store.quads_for_pattern(None, qualified_by, node)]


def _triples_of(store: ox.Store, nodes: list):
    """`_objects` over `nodes` and the hedges on them alone, from patterns with the node bound."""
    found: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    pending = list(nodes)
    seen = set()
    while pending:
        node = pending.pop(0)
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(node, None, None):
            if quad.object not in found[quad.predicate.value][node]:
                found[quad.predicate.value][node].append(quad.object)
            if quad.predicate.value == BASE + "qualifiedBy":
                pending.append(quad.object)
    return lambda predicate: found[predicate]


def _first(values: list[Value] | None) -> str | None:
    return values[0].value if values else None


def _index(statements: list[StatementRecord], keys) -> dict[str, list[StatementRecord]]:
    """The statements under each of their `keys(statement)`, in order."""
    index: dict[str, list[StatementRecord]] = defaultdict(list)
    for st in statements:
        for key in keys(st):
            index[key].append(st)
    return index
