"""Reason over the review (plus a researcher's extension) with HermiT, through owlready2.

Why this shape:
- Every HermiT run gets a fresh owlready2 `World` fed with N-Triples written by rdflib, so
  the caller's Dataset is never touched and nothing leaks between runs (owlready2's
  `default_world` is never used). owlready2 hands HermiT (OWL API 3) every triple,
  including the owl:NegativePropertyAssertion of each blank table cell, so asserting a
  use that Table 1 or Table 2 leaves blank makes the ontology inconsistent.
- HermiT gives each individual's most specific classes and the inferred class hierarchy;
  `materialise` closes them into every named class each individual belongs to, minus what
  is asserted. Those triples form the `inferred` named graph.
- HermiT does not say why an ontology is inconsistent. `_explain` re-runs it on subsets of
  the statements (QuickXplain, see `explanation.py`), first on the extension and the review
  statements closest to it, and names a minimal clashing set in words with its provenance.
- owlready2 (and Java) are imported here only, and only `roto reason` imports this module.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .compiler import bind_prefixes
from .errors import RotoError
from .explanation import Monotone, minimal_conflict
from .loader import Extended
from .namespaces import GRAPH, ONTOLOGY_IRI, REVIEW_IRI
from .partitions import JAVA_MEMORY, MODELS_PER_RUN

INFERRED = URIRef(GRAPH["inferred"])
_BUILTIN = (str(OWL), str(RDF), str(RDFS), "http://www.w3.org/2001/XMLSchema#")
_ANNOTATION_PROPERTIES = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy}
_PHRASES = {RDF.type: ("is a", "is not a"), RDFS.subClassOf: ("is a kind of", "is not a kind of"),
            OWL.sameAs: ("is the same as", "is not the same as"), OWL.differentFrom: ("differs from", "does not differ from")}


@dataclass(frozen=True)
class Unit:
    """One statement that can take part in a clash: its triples and how to name it to a person."""

    triples: frozenset
    text: str
    origin: str  # "review" or the extension file it comes from
    statement_id: str | None = None
    where: tuple[str, ...] = ()  # labels of the parts of the source it is located in

    def describe(self) -> str:
        place = self.origin if self.origin != "review" else "the review"
        details = [", ".join([place, *self.where])]
        if self.statement_id:
            details.append(f"statement {self.statement_id}")
        return f"{self.text} [{'; '.join(details)}]"


@dataclass
class Reasoning:
    """What HermiT concluded: consistency, inferred triples, and a clash when there is one."""

    consistent: bool
    inferred: Graph
    labels: dict[str, str]
    models: dict[str, list[str]] = field(default_factory=dict)  # model -> inferred classes
    unsatisfiable: list[str] = field(default_factory=list)
    clash: list[Unit] = field(default_factory=list)
    runs: int = 1  # HermiT runs, including those spent on the explanation

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def dataset(self, extended: Extended) -> Dataset:
        """A new Dataset of everything reasoned over plus the inferred graph: the review's
        named graphs, each extension RDF file in a graph named by its file: URI, and
        .../graph/inferred. `extended` is not touched."""
        out = Dataset()
        bind_prefixes(out)
        graphs = [(c.identifier, c) for c in extended.dataset.graphs() if len(c)]
        graphs += [(URIRef(Path(name).resolve().as_uri()), g) for name, g in extended.rdf.items()]
        for name, graph in [*graphs, (INFERRED, self.inferred)]:
            target = out.graph(name)
            for triple in graph:
                target.add(triple)
        return out


# ---------------------------------------------------------------- HermiT through owlready2

class _Hermit:
    """Runs HermiT on N-Triples, one fresh owlready2 World per run; counts the runs."""

    def __init__(self, java_memory: int = JAVA_MEMORY) -> None:
        self.runs, self.java_memory = 0, java_memory

    def run(self, ntriples: bytes) -> Graph | None:
        """HermiT's conclusions (as owlready2 records them), or None if the input is inconsistent.
        Any other failure of owlready2 or Java is bad input to the reasoner: one line, exit 2
        (exit 1 means inconsistent)."""
        try:
            return self._run(ntriples)
        except RotoError:
            raise
        except Exception as exc:  # owlready2 and its Java bridge raise many unrelated types
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            raise RotoError(f"the reasoner failed ({type(exc).__name__}): {lines[-1] if lines else 'no message'}") from None

    def _run(self, ntriples: bytes) -> Graph | None:
        import owlready2
        import owlready2.reasoning

        self.runs += 1
        owlready2.reasoning.JAVA_MEMORY = self.java_memory  # read there, as -Xmx, at each run
        world = owlready2.World()
        try:
            world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ntriples), format="ntriples")
            conclusions = world.get_ontology(str(INFERRED))
            with _private_tempdir():
                try:
                    with conclusions:
                        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
                except owlready2.OwlReadyInconsistentOntologyError:
                    return None
                except FileNotFoundError:
                    raise RotoError("`roto reason` needs Java 11 or newer on the PATH to run HermiT") from None
                except owlready2.OwlReadyJavaError as exc:
                    if "OutOfMemoryError" in str(exc):
                        raise _out_of_memory(self.java_memory) from None
                    lines = [line for line in str(exc).splitlines() if line.strip()]
                    raise RotoError(f"HermiT failed: {lines[-1] if lines else exc}") from None
            out = io.BytesIO()
            conclusions.save(out, format="ntriples")
        finally:
            world.close()
        return Graph().parse(data=out.getvalue().decode("utf-8"), format="nt")

    def consistent(self, ntriples: bytes) -> bool:
        return self.run(ntriples) is not None


def _out_of_memory(megabytes: int) -> RotoError:
    return RotoError(f"HermiT ran out of memory: Java may use {megabytes} MB (--java-memory); give it more, "
                     f"or reason over fewer models at a time (--models-per-run, when the graph can be split)")


@contextlib.contextmanager
def _private_tempdir():
    """owlready2 writes HermiT's input to a temp file and leaves it behind when the input is
    inconsistent; pointing tempfile at a directory we delete afterwards keeps /tmp clean."""
    previous = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="roto-reason-") as folder:
        tempfile.tempdir = folder
        try:
            yield
        finally:
            tempfile.tempdir = previous


def _ntriples(triples) -> bytes:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format="nt", encoding="utf-8")


# ---------------------------------------------------------------- naming things

def _labels(graph: Graph) -> dict[str, str]:
    labels: dict[str, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        if isinstance(subject, URIRef) and isinstance(label, Literal) and (
                label.language in (None, "en") or str(subject) not in labels):
            labels[str(subject)] = str(label)
    return labels


class _Namer:
    def __init__(self, graph: Graph, labels: dict[str, str]) -> None:
        self.graph, self.labels = graph, labels

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            if str(term) in self.labels:
                return self.labels[str(term)]
            return self.graph.namespace_manager.normalizeUri(term)
        if isinstance(term, Literal):
            return f'"{term}"'
        return "(an anonymous node)"

    def claim(self, s, p, o, positive: bool = True) -> str:
        yes, no = _PHRASES.get(p, (None, None))
        if yes is None:
            phrase = self.term(p)
            yes, no = phrase, _negate(phrase)
        return f"{self.term(s)} {yes if positive else no} {self.term(o)}"


def _negate(phrase: str) -> str:
    """'explicitly uses resource' -> 'does not explicitly use resource'; 'has X' -> 'does not have X'."""
    words = phrase.split()
    for i, word in enumerate(words[:2]):
        if word == "has" or (word.endswith("s") and not word.endswith("ss")):
            verb = "have" if word == "has" else word[:-1]
            return " ".join(["does not", *words[:i], verb, *words[i + 1:]])
    return f"not: {phrase}"


# ---------------------------------------------------------------- statements as units

def _closure(graph: Graph, node) -> set:
    """The triples describing a blank node, following nested blank nodes."""
    found, todo, seen = set(), [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for triple in graph.triples((current, None, None)):
            found.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return found


def _review_units(extended: Extended, namer: _Namer) -> list[Unit]:
    """One unit per authored statement and per entity's class (the review's and any TOML
    extension's): a clash may involve what a thing is as well as what is said of it."""
    assertions = extended.dataset.graph(URIRef(GRAPH["assertions"]))
    units = []
    for entity in extended.content.entities.values():
        triple = (URIRef(entity.iri), RDF.type, URIRef(entity.cls))
        origin = entity.origin if extended.from_extension(entity.origin) else "review"
        where = tuple(namer.term(URIRef(loc)) for loc in entity.locators)
        units.append(Unit(frozenset({triple}), namer.claim(*triple), origin, None, where))
    for st in extended.content.statements:
        s, p, o = URIRef(st.subject), URIRef(st.predicate), URIRef(st.object)
        if st.positive:
            triples = {(s, p, o)}
        else:
            (node,) = {n for n in assertions.subjects(OWL.sourceIndividual, s)
                       if (n, OWL.assertionProperty, p) in assertions and (n, OWL.targetIndividual, o) in assertions}
            triples = _closure(assertions, node)
        where = tuple(namer.term(URIRef(loc)) for loc in st.locators)
        origin = st.origin if extended.from_extension(st.origin) else "review"
        if st.source != REVIEW_IRI:
            where = (namer.term(URIRef(st.source)), *where)
        units.append(Unit(frozenset(triples), namer.claim(s, p, o, st.positive), origin, st.id, where))
    return units


def _graph_units(graph: Graph, origin: str, namer: _Namer, annotation_properties: set) -> list[Unit]:
    """Split an extension graph into statements: a triple with its blank-node parts, an
    owl:Axiom with the triple it annotates, a negative assertion. Annotations are left out
    (they cannot clash)."""
    axioms: dict[tuple, set] = {}  # annotated (s, p, o) -> the axioms' triples
    for node in graph.subjects(RDF.type, OWL.Axiom):
        key = (graph.value(node, OWL.annotatedSource), graph.value(node, OWL.annotatedProperty),
               graph.value(node, OWL.annotatedTarget))
        axioms.setdefault(key, set()).update(_closure(graph, node))
    referenced = {o for o in graph.objects() if isinstance(o, BNode)}
    units = []
    for s, p, o in sorted(graph, key=lambda t: tuple(x.n3() for x in t)):
        if isinstance(s, BNode) or p in annotation_properties:
            continue
        triples = {(s, p, o)} | (_closure(graph, o) if isinstance(o, BNode) else set()) | axioms.get((s, p, o), set())
        units.append(Unit(frozenset(triples), namer.claim(s, p, o), origin))
    claimed = set().union(*(u.triples for u in units)) if units else set()
    for root in sorted({s for s in graph.subjects() if isinstance(s, BNode)} - referenced, key=str):
        triples = _closure(graph, root) - claimed
        if not triples or (root, RDF.type, OWL.Axiom) in graph:
            continue
        if (root, RDF.type, OWL.NegativePropertyAssertion) in graph:
            text = namer.claim(graph.value(root, OWL.sourceIndividual), graph.value(root, OWL.assertionProperty),
                               graph.value(root, OWL.targetIndividual), positive=False)
        else:
            text = "; ".join(namer.claim(*t) for t in sorted(triples, key=lambda t: tuple(x.n3() for x in t)))
        units.append(Unit(frozenset(triples), text, origin))
    return units


def _individuals(triples) -> set:
    return {t for triple in triples for t in (triple[0], triple[2])
            if isinstance(t, URIRef) and not str(t).startswith(_BUILTIN)}


# ---------------------------------------------------------------- the run

def _vocabulary(ontology: Graph) -> set:
    """IRIs the ontology declares as classes or properties (not individuals)."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology, RDF.Property)
    return {s for kind in kinds for s in ontology.subjects(RDF.type, kind)}


def materialise(asserted: Graph, conclusions: Graph) -> Graph:
    """Every named class each individual belongs to, and every named superclass of each class,
    as HermiT concluded, minus the triples already asserted."""
    classes = {s for s in asserted.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    parents: dict = {c: set() for c in classes}
    for graph in (asserted, conclusions):
        for c, d in graph.subject_objects(RDFS.subClassOf):
            if c in classes and d in classes:
                parents[c].add(d)
        for c, d in graph.subject_objects(OWL.equivalentClass):
            if c in classes and d in classes:
                parents[c].add(d)
                parents[d].add(c)

    def supers(start) -> set:
        found, todo = set(), list(start)
        while todo:
            c = todo.pop()
            if c not in found:
                found.add(c)
                todo.extend(parents.get(c, ()))
        return found

    inferred = Graph(identifier=INFERRED)
    bind_prefixes(inferred)
    for c in classes:
        for d in supers(parents[c]) - {c}:
            inferred.add((c, RDFS.subClassOf, d))
    individuals: dict = {}
    for graph in (asserted, conclusions):
        for i, c in graph.subject_objects(RDF.type):
            if isinstance(i, URIRef) and c in classes:
                individuals.setdefault(i, set()).add(c)
    for i, types in individuals.items():
        for c in supers(types):
            inferred.add((i, RDF.type, c))
    for c, d in conclusions.subject_objects(OWL.equivalentClass):
        if d == OWL.Nothing and c in classes:
            inferred.add((c, OWL.equivalentClass, OWL.Nothing))
    for triple in list(inferred):
        if triple in asserted:
            inferred.remove(triple)
    return inferred


def reason(extended: Extended, models_per_run: int = MODELS_PER_RUN, java_memory: int = JAVA_MEMORY) -> Reasoning:
    """Run HermiT on the review plus the extension; never modifies `extended`. A graph of
    more than `models_per_run` models is reasoned over in parts of that many models when
    that gives the same conclusions (see `roto.partitions`), else all at once; each HermiT
    run may use `java_memory` MB of Java heap (RotoError when it needs more)."""
    union = extended.graph()
    labels = _labels(union)
    hermit = _Hermit(java_memory)
    conclusions = _conclusions(union, hermit, models_per_run)
    if conclusions is None:
        clash = _explain(extended, union, labels, hermit)
        return Reasoning(False, Graph(identifier=INFERRED), labels, clash=clash, runs=hermit.runs)
    inferred = materialise(union, conclusions)
    model_class = URIRef(ONTOLOGY_IRI + "/TherapeuticModel")
    models = sorted(set(union.subjects(RDF.type, model_class)) | set(inferred.subjects(RDF.type, model_class)),
                    key=lambda m: labels.get(str(m), str(m)))
    result = Reasoning(True, inferred, labels, runs=hermit.runs)
    for model in models:
        result.models[str(model)] = sorted((str(c) for c in inferred.objects(model, RDF.type)), key=result.label)
    result.unsatisfiable = sorted(str(c) for c in inferred.subjects(OWL.equivalentClass, OWL.Nothing))
    return result


def _conclusions(union: Graph, hermit: _Hermit, models_per_run: int) -> Graph | None:
    """HermiT's conclusions on `union` (None if it is inconsistent), part by part where the
    parts are independent: each part is consistent exactly when the whole is, and the union
    of their conclusions is the whole's."""
    from .partitions import partitions

    ntriples = union.serialize(format="nt", encoding="utf-8")
    parts = partitions(ntriples, models_per_run)
    if parts is None:
        return hermit.run(ntriples)
    merged = Graph()
    for part in parts:
        found = hermit.run(part)
        if found is None:
            return None
        merged += found
    return merged


def _explain(extended: Extended, union: Graph, labels: dict[str, str], hermit: _Hermit) -> list[Unit]:
    """A minimal set of statements that clash. The search widens in stages: review statements
    making the same claim as the extension's (a positive one against a blank cell), then
    those about the same subject and property, those sharing an individual with it, and
    finally all of them; the usual clash costs a handful of HermiT runs."""
    namer = _Namer(union, labels)
    annotation_properties = _ANNOTATION_PROPERTIES | set(union.subjects(RDF.type, OWL.AnnotationProperty))
    authored = _review_units(extended, namer)
    # The search starts from the researcher's RDF if there is any (it may say anything),
    # else from their TOML models; authored statements, the review's and TOML's, are the rest.
    added = [u for name, graph in extended.rdf.items() for u in _graph_units(graph, name, namer, annotation_properties)]
    if added:
        review = authored
    else:
        added = [u for u in authored if u.origin != "review"]
        review = [u for u in authored if u.origin == "review"]
    # The background: everything that is not a candidate statement, minus axiom annotations.
    provenance = set(extended.dataset.graph(URIRef(GRAPH["provenance"])))
    everything = set(added) | set(review)
    candidates = set().union(*(u.triples for u in everything))
    background = _ntriples(t for t in union if t not in candidates and t not in provenance)
    encoded = {u: _ntriples(u.triples) for u in everything}
    consistent = Monotone(lambda units: hermit.consistent(background + b"".join(encoded[u] for u in units)))
    consistent.clashing_sets.append(frozenset(everything))  # the run that found the clash

    added_claims = set().union(*(_claims(u.triples) for u in added))
    added_keys = {claim[:2] for claim in added_claims}
    vocabulary = _vocabulary(extended.dataset.graph(URIRef(GRAPH["ontology"])))
    added_individuals = _individuals(set().union(*(u.triples for u in added))) - vocabulary
    stages = ([u for u in review if _claims(u.triples) & added_claims],
              [u for u in review if {c[:2] for c in _claims(u.triples)} & added_keys],
              [u for u in review if _individuals(u.triples) & added_individuals],
              review)
    previous = None
    for stage in stages:
        if stage == previous:
            continue
        previous = stage
        clash = minimal_conflict(added + stage, consistent)
        if clash is not None:
            return clash
    return []


def _claims(triples) -> set:
    """The (subject, property, object) claims of a statement, for a negative assertion its own."""
    claims: set[tuple] = {(s, p, o) for s, p, o in triples if isinstance(s, URIRef)}
    for node in {s for s, p, o in triples if p == OWL.sourceIndividual}:
        found = {p: o for s, p, o in triples if s == node}
        claims.add((found.get(OWL.sourceIndividual), found.get(OWL.assertionProperty), found.get(OWL.targetIndividual)))
    return claims


# ---------------------------------------------------------------- the cached inferred graph

def inferred_nquads(result: Reasoning, asserted_file: Path) -> bytes:
    """The inferred graph as sorted N-Quads, headed by the digest of the asserted file it came from."""
    from .store import INFERRED_HEADER, digest

    dataset = Dataset()
    target = dataset.graph(INFERRED)
    for triple in result.inferred:
        target.add(triple)
    lines = sorted({line for line in dataset.serialize(format="nquads").splitlines() if line.strip()})
    header = f"{INFERRED_HEADER}{digest(asserted_file)}"
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")
