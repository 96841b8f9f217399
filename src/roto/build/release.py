"""Write the release files: one deterministic serialisation per common RDF syntax.

`roto.ttl`, `roto.owl` (RDF/XML with typed nodes, what Protégé, pronto and oaklib open),
`roto.owx` (OWL/XML, read completely by py-horned-owl too), `roto.jsonld` (context inline,
also shipped as `context.jsonld`), `roto.nt`, `roto.nq` (the dataset with its named graphs,
the form queries load), `roto.trig`, nanopublications only (per statement a head, an
assertion, a provenance and a publication-info graph: nanopub libraries take the file a
nanopublication at a time), `roto-graphs.trig`, the other graphs, and `roto-examples.ttl`,
the canned queries as SPARQL examples (`roto.sparql_examples`). rdflib writes Turtle, RDF/XML,
JSON-LD and TriG for the review (their bytes are the review's release); above `FAST_ABOVE`
triples pyoxigraph writes Turtle, RDF/XML and JSON-LD and the TriG files are N-Triples lines
in graph blocks, the same RDF in a fraction of the time and memory (tests/test_release.py
forces it on the review to show so). roto.nt and roto.nq are always sorted N-Triples text
(`quads.TermText`), and roto.owx is written from roto.nt's lines (`owlxml`: no rdflib term per
statement). `roto build` writes the files into a new folder
beside the old one (a large release's as each is made, `file_set.replacing`), then switches
it in as a whole in one step, so a failed or killed build leaves the old set of files, never
a mix of two builds.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from functools import cache
from itertools import groupby, islice, repeat
from operator import itemgetter
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from .. import namespaces
from .._version import RELEASED
from ..authoring import Content, read_content
from ..errors import RotoError
from ..evidence_types import AXIOM_HAS_EVIDENCE, statement_evidence
from ..file_set import check_replaceable, is_litter, replacing, write_files
from ..forked import Forked
from ..namespaces import BASE, GRAPH, ONTOLOGY_IRI, PREFIXES, VERSION, VERSION_IRI, graph_iri
from ..sparql_examples import EXAMPLES_FILE, examples_turtle
from ..store import INFERRED_FILE
from . import owlxml, rdfxml
from .compiler import (
    add_qualifications,
    as_dataset,
    bind_prefixes,
    compile_graphs,
    negative_assertion,
    project_prefixes,
)
from .quads import Lines, TermText, graph_lines
from .triples import DCTERMS, RDF, XSD, Triples

PROV = "http://www.w3.org/ns/prov#"
CITO = "http://purl.org/spar/cito/"
NP = "http://www.nanopub.org/nschema#"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

# Compiled triples up to which rdflib writes Turtle, RDF/XML, JSON-LD and TriG (the review has
# about 4,300, its release files must not change); above it, pyoxigraph does (see `render`).
FAST_ABOVE = 10_000
RELEASE_FILES = tuple(namespaces.RELEASE_FILES)  # stated once, with what each holds, in roto.namespaces


def union_graph(dataset: Dataset, *, inferred: bool = False) -> Graph:
    """All named graphs of the dataset merged into one Graph (the OWL document)."""
    graph = Graph()
    bind_prefixes(graph)
    for prefix, namespace in dataset.namespaces():  # a project's own prefix too
        if namespace.startswith("http") and prefix not in PREFIXES:
            graph.bind(prefix, namespace)
    for context in dataset.graphs():
        name = str(context.identifier)
        if name == GRAPH["inferred"] and not inferred:
            continue
        for triple in context:
            graph.add(triple)
    return graph


def jsonld_context() -> dict:
    """The JSON-LD context: ROTO's prefixes plus short names for its properties."""
    context: dict[str, object] = dict(PREFIXES)
    for name in ("usesResource", "usesRelationship", "hasReciprocity", "hasExpertiseLocus", "hasKeyText",
                 "onDimension", "partOf", "citedIn", "source", "locator", "citesReference", "qualifier",
                 "qualifiedBy", "jointClaimWith"):
        context[name] = {"@id": f"roto:{name}", "@type": "@id"}
    for name in ("referenceNumber", "authorsAsCited", "statementId", "nuance", "tablePosition", "claimText"):
        context[name] = {"@id": f"roto:{name}"}
    context["label"] = {"@id": "rdfs:label"}
    context["definition"] = {"@id": "skos:definition"}
    return {"@context": context}


def _canonical_json(value: object, ordered: bool = False) -> object:
    """Sort JSON-LD node lists and multi-values (not @list members) so output is stable."""
    if isinstance(value, dict):
        return {k: _canonical_json(v, ordered=(k == "@list")) for k, v in sorted(value.items())}
    if isinstance(value, list) and ordered:
        return [_canonical_json(v) for v in value]
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(graph: Graph) -> bytes:
    context = jsonld_context()["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if "@graph" in document:
        document["@graph"] = _canonical_json(document["@graph"])
    document["@context"] = context
    ordered = {"@context": document.pop("@context"), **{k: document[k] for k in sorted(document)}}
    return (json.dumps(ordered, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _trig(dataset: Dataset) -> bytes:
    """TriG with graphs in name order, each written by the (sorting) Turtle serialiser."""
    prefixes: set[str] = set()
    blocks = []
    for context in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(context) or context.identifier == dataset.default_graph.identifier:
            continue
        graph = Graph()
        bind_prefixes(graph)
        for triple in context:
            graph.add(triple)
        body: list[str] = []
        for line in graph.serialize(format="turtle").splitlines():
            (prefixes.add if line.startswith("@prefix") else body.append)(line)
        text = "\n".join("    " + line if line else "" for line in body).strip("\n")
        blocks.append(f"<{context.identifier}> {{\n{text}\n}}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def other_graph_triples(content: Content, graphs: dict[str, Triples], entities: dict[str, Triples]) -> dict[str, Triples]:
    """The graphs that are not nanopublications, by name: ontology, entities, references,
    mappings (`entities`: each namespace's entities graph, as `compile_graphs` fills it)."""
    chosen: dict[str, Triples] = {}
    namespaces = sorted({BASE, *(s.namespace for s in content.sources.values())})
    for namespace in namespaces:
        for name in ("ontology", "references", "mappings"):
            if namespace == BASE or name == "references":
                chosen[graph_iri(name, namespace)] = graphs.get(graph_iri(name, namespace), Triples())
    for namespace in namespaces:
        chosen[namespace + "graph/entities"] = entities.get(namespace, Triples())
    return chosen


def nanopublication_iri(statement_iri: str) -> str:
    """A statement's nanopublication: its statement IRI with a trailing slash, the pattern
    nanopub-rs signs (`NP/` names the nanopublication, `NP/assertion` and so on its graphs;
    a signature turns `NP/` into `NP/RA...`, the trusty URI)."""
    return statement_iri + "/"


def negation_iri(np_iri: str) -> URIRef:
    """The node of a negative assertion inside a nanopublication: named under the
    nanopublication, since the network refuses blank nodes (the dataset keeps its blank node)."""
    return URIRef(np_iri + "negation")


def creators(source) -> list[str]:
    """Who a nanopublication's publication info names as creators, always as IRIs (the
    network refuses literals): a project's creators' ORCID iDs, else its contributors IRI in
    its own namespace; for the review, ROTO's contributors."""
    if source.namespace == BASE:
        return [namespaces.CONTRIBUTORS_IRI]
    return [orcid for _, orcid in source.creators if orcid] or [source.namespace + "contributors"]


class RdflibTerms:
    """How `nanopublication_graphs` makes terms and graphs by default: rdflib's."""

    def __init__(self) -> None:
        self.iri = cache(URIRef)  # rdflib checks each IRI it makes in Python; most recur in every nanopublication

    @staticmethod
    def literal(value: str, lang: str | None = None, datatype: str | None = None) -> Literal:
        return Literal(value, lang=lang, datatype=datatype)

    def within(self, node: URIRef, name: str) -> URIRef:
        return self.iri(str(node) + name)

    @staticmethod
    def graph(name: URIRef) -> Triples:
        return Triples()


class TextTerms:
    """Terms as their N-Triples text and graphs as `Lines`: `roto build` above FAST_ABOVE, where
    the nanopublications are a million statements and more, and only their text is needed."""

    def __init__(self, text: TermText) -> None:
        self.text = text  # for the rdflib terms the graphs are given
        self.iri = cache(lambda value: str(ox.NamedNode(value)))

    @staticmethod
    def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
        return str(ox.Literal(value, language=lang, datatype=ox.NamedNode(datatype) if datatype else None))

    @staticmethod
    def within(node: str, name: str) -> str:
        """The IRI `node` (its text) followed by `name`: valid as `node` is, so not checked
        again (pyoxigraph would take 2 µs, and a nanopublication names seven such IRIs)."""
        return f"{node[:-1]}{name}>"

    def graph(self, name: str) -> Lines:
        return Lines(self.text, name)


def nanopublication_graphs(content: Content, terms=None) -> dict:
    """One nanopublication per statement and nothing else: head, assertion, provenance and
    publication info (licence, creators as IRIs, creation time), each accepted as it stands
    by nanopub-py and nanopub-rs (tests/test_nanopubs.py); graphs by name, made by `terms`
    (`RdflibTerms` unless given). Made from the content alone: `roto build` makes them while
    the graphs are compiled."""
    terms = terms or RdflibTerms()
    trig: dict = {}
    iri, literal, within = terms.iri, terms.literal, terms.within
    a_type, nanopublication, has_assertion, has_provenance, has_info, derived, has_evidence, located, cites, \
        nuance, joint, licence, creator, created_at, part_of, statement_id = (iri(str(term)) for term in (
            RDF.type, NP + "Nanopublication", NP + "hasAssertion", NP + "hasProvenance", NP + "hasPublicationInfo",
            PROV + "wasDerivedFrom", AXIOM_HAS_EVIDENCE, BASE + "locator", CITO + "citesAsEvidence", BASE + "nuance",
            BASE + "jointClaimWith", DCTERMS.license, DCTERMS.creator, DCTERMS.created, DCTERMS.isPartOf,
            BASE + "statementId"))
    created, version = literal(RELEASED, datatype=str(XSD.dateTime)), iri(VERSION_IRI)
    sources = {source.iri: source for source in content.sources.values()}
    for st in content.statements:
        base = nanopublication_iri(st.iri)
        np_node = iri(base)
        head, a, p, info = (trig.setdefault(base + part, terms.graph(within(np_node, part)))
                            for part in ("Head", "assertion", "provenance", "pubinfo"))
        a_name, p_name, info_name = within(np_node, "assertion"), within(np_node, "provenance"), \
            within(np_node, "pubinfo")
        head.add_all(((np_node, a_type, nanopublication), (np_node, has_assertion, a_name),
                      (np_node, has_provenance, p_name), (np_node, has_info, info_name)))
        if st.positive:
            a.add_all(((iri(st.subject), iri(st.predicate), iri(st.object)),))
        else:
            for predicate, value in negative_assertion(st):
                a.add((iri(str(negation_iri(base))), predicate, value))
        p.add_all(((a_name, derived, iri(st.source)), (a_name, has_evidence, iri(str(statement_evidence(st.cites)))),
                   *[(a_name, located, iri(locator)) for locator in st.locators],
                   *[(a_name, cites, iri(ref)) for ref in st.cites],
                   *[(a_name, joint, iri(other)) for other in st.joint_with]))
        add_qualifications(p, a_name, st.iri, st.qualifications)
        if st.nuance:
            p.add_all(((a_name, nuance, literal(st.nuance, lang="en")),))
        source = sources[st.source]
        info.add_all(((np_node, licence, iri(source.licence or CC_BY)),
                      *[(np_node, creator, iri(person)) for person in creators(source)],
                      (np_node, created_at, created),
                      (np_node, part_of, iri(ONTOLOGY_IRI if st.namespace == BASE else st.namespace)),
                      (np_node, derived, version), (np_node, statement_id, literal(st.id))))
    return trig


def nanopublications(content: Content) -> Dataset:
    """`nanopublication_graphs` as an rdflib Dataset."""
    return as_dataset(nanopublication_graphs(content))


def render(content: Content | None = None, *, fast: bool | None = None,
           on_quads: Callable[[bytes | None], None] | None = None, into: Path | None = None) -> dict[str, bytes]:
    """Every release file's bytes, keyed by file name (see `_render`), with Python's cyclic
    garbage collector paused: the build makes millions of tuples and no cycles, and each full
    collection walks every live object (a sixth of the build at 1,000 models, more above).
    `on_quads` is given roto.nq's lines as soon as they are made, in pieces in no order, then
    None (the release's store is built from them while the other files are rendered). With
    `into`, a new folder (`roto build`'s, `file_set.replacing`), the fast path (`_fast_files`)
    writes its files there as soon as they are made, by the children that make them and by a
    thread of this process, and leaves them out of the answer."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _render(content, fast, on_quads or (lambda piece: None), into)
    finally:
        if enabled:
            gc.enable()


# Compiled triples a statement makes at least, all about its own node (its axiom's four or its
# negative assertion's four, then its id, source and evidence type): with more statements than
# FAST_ABOVE / 7 the fast path is sure before the graphs are compiled.
_STATEMENT_TRIPLES = 7


def _render(content: Content | None, fast: bool | None, on_quads: Callable[[bytes | None], None],
            into: Path | None) -> dict[str, bytes]:
    """Every release file's bytes, keyed by file name. Up to FAST_ABOVE compiled triples (the
    review's own release) Turtle, RDF/XML, JSON-LD and TriG are rdflib's bytes, as always;
    above it (or with `fast`) pyoxigraph writes the first three from sorted lines
    (`_oxigraph_files`) and the TriG files are lines (`_lines_trig`), the nanopublications
    made as text from the start (`TextTerms`): the same RDF, deterministic too, in a fraction
    of rdflib's time and memory, on both cores (`_fast_files`; roto.trig, which needs only the
    content, in a child started before the graphs are compiled when the path is sure by then).
    OWL/XML is read off roto.nt's sorted lines either way."""
    content = content or read_content()
    text = TermText()  # each term's N-Triples text, shared by every line-based file
    with ExitStack() as children:  # each child stopped if an error stops the build first
        def nanopub_trig() -> Forked[bytes | None]:
            return _child_file(children, into, "roto.trig", lambda: _lines_trig(graph_lines(
                nanopublication_graphs(content, TextTerms(text)), text)))

        sure = fast or (fast is None and len(content.statements) * _STATEMENT_TRIPLES > FAST_ABOVE)
        nanopubs = nanopub_trig() if sure else None
        entities: dict[str, Triples] = {}
        graphs = compile_graphs(content, entities)
        others = other_graph_triples(content, graphs, entities)
        if fast is None:
            fast = sum(len(triples) for triples in graphs.values()) > FAST_ABOVE
        files = (_fast_files(content, graphs, others, text, on_quads, nanopubs or nanopub_trig(), into)
                 if fast else _rdflib_files(content, graphs, others, text, on_quads))
    files["context.jsonld"] = (json.dumps(jsonld_context(), indent=2) + "\n").encode("utf-8")
    files[EXAMPLES_FILE] = examples_turtle()
    return {name: files[name] for name in RELEASE_FILES if name in files}  # those not written into `into`


def _child_file(children: ExitStack, into: Path | None, name: str, make: Callable[[], bytes]) -> Forked[bytes | None]:
    """`make()` in a forked child, answering its bytes; given `into`, the child writes them there
    as `name` and answers None (hundreds of MB the parent would otherwise read back and write
    again)."""
    work = make if into is None else (lambda: write_files(into, {name: make()}))
    return children.enter_context(Forked(work))


def _rdflib_files(content: Content, graphs: dict[str, Triples], others: dict[str, Triples], text: TermText,
                  on_quads: Callable[[bytes | None], None]) -> dict[str, bytes]:
    quads = _handed_quads(graphs, text, on_quads)
    nq, nt = _nquads_ntriples(quads)
    union = union_graph(as_dataset(graphs, project_prefixes(content)))
    return {"roto.nq": nq, "roto.nt": nt, "roto.ttl": union.serialize(format="turtle").encode("utf-8"),
            "roto.owl": rdfxml.serialize(union), "roto.jsonld": _jsonld(union),
            "roto.owx": owlxml.serialize(nt),
            "roto.trig": _trig(nanopublications(content)), "roto-graphs.trig": _trig(as_dataset(others))}


def _fast_files(content: Content, graphs: dict[str, Triples], others: dict[str, Triples], text: TermText,
                on_quads: Callable[[bytes | None], None], nanopubs: Forked[bytes | None],
                into: Path | None) -> dict[str, bytes]:
    """This process makes the quads' lines and hands them to `on_quads` first, a graph at a
    time: the store built from them is the longest single piece of a large build (pyoxigraph's
    bulk loader, a third of its CPU at 10,000 models), so it starts on the first large graph's
    lines while the next are made, and before the other files are. Meanwhile
    forked children (`roto.forked`) make roto.trig (`nanopubs`, started earlier) and
    roto-graphs.trig (forked once the lines are made: it reuses those of the graphs it shares
    with roto.nq, and every IRI's text) on the other core, and OWL/XML once roto.nt is
    made, while this process writes the files pyoxigraph makes from it. This process and the
    store are the longest paths (at 10,000 models they end together), so what can leave this
    one does. With `into`, the children write their files there, and a thread of this process
    writes its own (the kernel's copy of a GB into files, seconds of one core) while it makes
    the next."""
    with ExitStack() as children, _Writer(into) as writer:  # each child stopped if an error stops the build first
        kept: dict[str, set[str]] = {}
        quads = _handed_quads(graphs, text, on_quads, keep=others.keys(), kept=kept)
        rest = {name: triples for name, triples in others.items() if name not in graphs}  # the entities graphs
        graph_trig = _child_file(children, into, "roto-graphs.trig", lambda: _lines_trig({**kept, **graph_lines(rest, text)}))
        nq, nt = _nquads_ntriples(quads)

        owx = _child_file(children, into, "roto.owx", lambda: owlxml.serialize(nt))
        writer.add({"roto.nq": nq, "roto.nt": nt})
        del nq  # freed once written
        prefixes = {**PREFIXES, **{p: ns for p, ns in project_prefixes(content).items() if p not in PREFIXES}}
        for name, data in _oxigraph_files(nt, prefixes):
            writer.add({name: data})
        made = {"roto.owx": owx.result(), "roto.trig": nanopubs.result(), "roto-graphs.trig": graph_trig.result()}
        writer.add({name: data for name, data in made.items() if data is not None})
    return writer.files


class _Writer:
    """Files given to `add`: written into the folder `into` by a thread as they come (it waits
    in the kernel's copy without holding the GIL), a failed write raised on leaving the block;
    with `into` None, kept in `files` instead."""

    def __init__(self, into: Path | None) -> None:
        self._into = into
        self.files: dict[str, bytes] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []

    def add(self, files: dict[str, bytes]) -> None:
        if self._into is None:
            self.files.update(files)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1)
        self._pending.append(self._pool.submit(write_files, self._into, files))

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            if kind is None:  # else the error that stopped the build is the one to raise
                for future in self._pending:
                    future.result()


def _oxigraph_files(nt: bytes, prefixes: dict[str, str]) -> Iterator[tuple[str, bytes]]:
    """roto.ttl, roto.owl and roto.jsonld written by pyoxigraph from the union's sorted N-Triples
    regrouped by `_typed_first` (each subject's statements together, the same order every time),
    parsed once. RDF/XML keeps typed node elements; the JSON-LD is pyoxigraph's expanded node
    list under ROTO's context."""
    union = list(ox.parse(_typed_first(nt), format=ox.RdfFormat.N_TRIPLES, lenient=True))  # terms it wrote: not checked again
    context = json.dumps(jsonld_context()["@context"], indent=2, ensure_ascii=False)
    yield "roto.ttl", ox.serialize(union, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
    yield "roto.owl", ox.serialize(union, format=ox.RdfFormat.RDF_XML, prefixes=prefixes) or b""
    jsonld = ox.serialize(union, format=ox.RdfFormat.JSON_LD) or b"[]"
    yield "roto.jsonld", b'{"@context": ' + context.encode("utf-8") + b',\n"@graph": ' + jsonld + b"}\n"


# An rdf:type line's end, its object an IRI (a literal holds no line end: N-Triples escapes it).
_TYPE_LINE = re.compile(rb" <" + re.escape(str(RDF.type).encode()) + rb"> (<[^>\s]*>) \.\n")
_ELEMENT_RANK = {f"<{t}>".encode(): rank for rank, t in enumerate(rdfxml.ELEMENT_TYPES)}  # 0: owl:Ontology


def _typed_first(nt: bytes) -> bytes:
    """Sorted N-Triples regrouped for pyoxigraph's RDF/XML writer, which names a node's element
    by its first statement when that is an rdf:type: each subject's preferred OWL type first
    (the order of `rdfxml.ELEMENT_TYPES`), the ontology's header before every other node. Made
    of slices of `nt` around its typed lines, found by a regular expression: no Python work for
    the other lines (nine in ten)."""
    preferred: dict[bytes, tuple[int, int, int]] = {}  # subject: rank, start and end of its preferred type's line
    for match in _TYPE_LINE.finditer(nt):
        rank = _ELEMENT_RANK.get(match[1])
        if rank is not None:
            start = _line_start(nt, match.start())
            subject = nt[start:match.start()]
            if rank < preferred.get(subject, (len(_ELEMENT_RANK),))[0]:
                preferred[subject] = (rank, start, match.end())
    header: list[bytes] = []
    rest: list[bytes] = []
    done = 0
    for subject, (rank, start, end) in preferred.items():  # in the file's order
        key, first, last = subject + b" ", start, end  # the subject's lines: first to last
        while first and nt.startswith(key, _line_start(nt, first - 1)):
            first = _line_start(nt, first - 1)
        if rank == 0:
            while nt.startswith(key, last):
                last = nt.index(b"\n", last) + 1
            header += [nt[start:end], nt[first:start], nt[end:last]]
            rest.append(nt[done:first])
        else:
            rest += [nt[done:first], nt[start:end], nt[first:start]]
        done = last
    return b"".join([*header, *rest, nt[done:]])


def _line_start(text: bytes, at: int) -> int:
    return text.rfind(b"\n", 0, at) + 1


def _handed_quads(graphs: dict[str, Triples], text: TermText, on_quads: Callable[[bytes | None], None],
                  keep: Collection[str] = (), kept: dict[str, set[str]] | None = None) -> list[bytes]:
    """roto.nq's lines in pieces (`_quad_pieces`), made a graph at a time, each handed to
    `on_quads` as soon as made (the store's loader starts on the first while the next are
    made), then None. The lines of the graphs
    named in `keep` are put in `kept` too (`graph_lines`' form): roto-graphs.trig holds them."""
    quads: list[bytes] = []
    for name, triples in graphs.items():
        named = graph_lines({name: triples}, text)
        if name in keep and kept is not None:
            kept.update(named)
        for piece in _quad_pieces(named):
            on_quads(piece)
            quads.append(piece)
    on_quads(None)
    return quads


def _quad_pieces(named: dict[str, set[str]]) -> list[bytes]:
    """The graphs' lines (`graph_lines`) as N-Quads, in UTF-8: one piece of lines per graph, in no order."""
    return [_utf8(list(lines), f" {graph} .\n") for graph, lines in named.items()]


def _nquads_ntriples(pieces: list[bytes]) -> tuple[bytes, bytes]:
    """roto.nq and roto.nt from the quads' lines (`_quad_pieces`): every quad's line, then every
    distinct triple's, in code-point order (sorted as UTF-8, the same order). Joins and splits
    in C: no Python work per line but the sort's. roto.nt is read off the sorted quads: a
    triple's quads come together (its text is a prefix of each, followed by a space, which
    sorts before any character that could continue another term), so its lines are the quads
    without their graph, adjacent duplicates dropped. `pieces` is emptied, each piece freed
    once split."""
    quads: list[bytes] = []
    while pieces:
        quads += pieces.pop().split(b"\n")
        quads.pop()  # the empty text after the last line's end
    quads.sort()
    quads.append(b"")  # the last line's end, joined in: no copy of the whole file to add it
    nq = b"\n".join(quads)
    quads.pop()
    triples = list(map(_first, map(bytes.rpartition, quads, repeat(b" <"))))  # a graph's name holds no space
    del quads
    if any(map(bytes.__eq__, triples, islice(triples, 1, None))):  # a triple in two graphs or more
        triples = list(map(_first, groupby(triples)))
    triples.append(b"")  # as above
    return nq, b" .\n".join(triples)


_first = itemgetter(0)


def _utf8(lines: list[str], end: str, chunk: int = 1 << 16) -> bytes:
    """`lines`, each followed by `end`, as UTF-8, encoded a chunk of lines at a time: the text of
    a whole file would be stored at 2 or 4 bytes a character if it held one non-ASCII one."""
    return b"".join((end.join(lines[i:i + chunk]) + end).encode() for i in range(0, len(lines), chunk))


def _lines_trig(named: dict[str, set[str]]) -> bytes:
    """TriG made of N-Triples lines (`graph_lines`) in graph blocks: graphs in the order of their
    names' text, each graph's statements in code-point order. N-Triples terms are Turtle terms,
    so this is the same RDF pyoxigraph's writer would give, without its prefixed names and
    without the Python object per statement that handing it the lines costs (2 µs each)."""
    return b"".join(f"{graph} {{\n{_LINE_END.join(sorted(named[graph]))} .\n}}\n".encode() for graph in sorted(named))


_LINE_END = " .\n"


def build(out_dir: Path, project=None, *, store: bool = False) -> list[Path]:
    """Render every release file, then replace out_dir with them in one step, keeping its
    saved inferred graph (`roto reason --save`); returns the paths written. With `store`, a
    large release's on-disk store too (`roto.disk_store`), built from roto.nq's lines while
    the other files are rendered, so that its first query is as fast as the next ones.

    Refuses a folder holding anything else: replacing it would delete files ROTO did not write.
    """
    from ..disk_store import Prebuild

    folder = check_replaceable(out_dir)
    present = sorted(p.name for p in folder.iterdir() if not is_litter(p.name)) if folder.is_dir() else []
    foreign = [name for name in present if name not in (*RELEASE_FILES, INFERRED_FILE)]
    if foreign:
        raise RotoError(f"{out_dir} holds files roto build did not write ({', '.join(foreign[:3])}"
                        f"{', ...' if len(foreign) > 3 else ''}): choose a new or empty folder")
    content = read_content(project=project) if project is not None else None
    prebuild = Prebuild()
    try:
        with replacing(out_dir, keep=[INFERRED_FILE] if INFERRED_FILE in present else []) as staging:
            write_files(staging, render(content, on_quads=prebuild.take if store else None, into=staging))
    except BaseException:
        prebuild.cancel()
        raise
    prebuild.install([out_dir / "roto.nq"])
    return [out_dir / name for name in RELEASE_FILES]


__all__ = ["FAST_ABOVE", "RELEASE_FILES", "VERSION", "build", "jsonld_context", "nanopublication_graphs",
           "nanopublication_iri", "nanopublications", "other_graph_triples", "render", "union_graph"]
