"""The knowledge graph in a notebook: `roto.open()` and one object to ask it questions.

Every method is a thin call into the library the CLI uses (facets, evidence, tables,
canned queries, figures), answered by SPARQL over an in-process pyoxigraph store.
Results are plain Python objects (lists of named tuples, dataclasses or dicts) with `to_frame()` for
pandas users.

>>> import roto
>>> kg = roto.open()
>>> [m.label for m in kg.models(relationship="peers", reciprocity="reciprocal")]
['Self-help groups', 'Therapeutic communities']
>>> kg.table("relationships").columns
['Professionals', 'Peers', 'Friends', 'Family']
>>> kg.sparql("SELECT (COUNT(?m) AS ?n) WHERE { ?m a roto:TherapeuticModel }")[0]["n"]
10
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .engine import Boolean, Graph, LocalEngine, Result
from .frames import Rows
from .namespaces import sparql_prefixes
from .queries import run
from .store import built_dataset, open_store

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS: dict[str, type[int] | type[float]]
_NUMBERS = {_XSD + t: int for t in ("integer", "int", "long", "short", "byte", "positiveInteger", "nonNegativeInteger",
                                    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}
_NUMBERS.update({_XSD + t: float for t in ("decimal", "double", "float")})


def plain(term: object) -> object:
    """A pyoxigraph term as a plain value: IRIs and text as str, numbers as int or float,
    booleans as bool, a blank node as '_:id', unbound as None.

    >>> plain(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer")))
    3
    """
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.datatype.value == _XSD + "boolean":
            return term.value in ("true", "1")
        convert = _NUMBERS.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:
                return term.value
    return term.value  # type: ignore[attr-defined]


def _one_or_many(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def plain_result(answer: Result):
    """An engine's answer as plain values: rows as dicts, ASK as bool, a graph as
    (subject, predicate, object) dicts."""
    if isinstance(answer, Boolean):
        return answer.value
    if isinstance(answer, Graph):
        return Rows({"subject": plain(t.subject), "predicate": plain(t.predicate), "object": plain(t.object)}
                    for t in answer.triples)
    return Rows({name: plain(term) for name, term in record.items()} for record in answer.records())


class Validation(Rows):
    """The SHACL results (a list of `roto.check.results.Result` with `to_frame()`), with
    `conforms`: False only when a result is a violation."""

    def __init__(self, conforms: bool, results: Iterable) -> None:
        super().__init__(results)
        self.conforms = conforms

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for result in self:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        found = ", ".join(f"{n} {severity.lower()}" for severity, n in counts.items()) or "no results"
        return f"<validation: {'conforms' if self.conforms else 'does not conform'}; {found}>"


class KnowledgeGraph:
    """The review's graph, plus any files a researcher added, ready for questions."""

    def __init__(self, store: ox.Store, sources: tuple[Path, ...] = (), inferred: bool = False, project=None):
        self.store = store
        self.project = project  # the `roto.project.Project` compiled in, if any
        self.engine = LocalEngine(store)
        self.sources = sources  # the researcher's files compiled in, if any
        self.inferred = inferred  # the reasoner's saved conclusions are loaded too

    def __repr__(self) -> str:
        added = f" + project {self.project.title!r}" if self.project is not None else ""
        added += f" + {', '.join(p.name for p in self.sources)}" if self.sources else ""
        added += " + inferred" if self.inferred else ""
        return f"<roto knowledge graph: the review{added}, {len(self.store)} quads>"

    def models(self, *, resource: str | Iterable[str] | None = None, relationship: str | Iterable[str] | None = None,
               not_resource: str | Iterable[str] | None = None, not_relationship: str | Iterable[str] | None = None,
               reciprocity: str | None = None, expertise: str | None = None) -> Rows:
        """The models meeting every condition given (see `roto.facets.models`); a condition
        takes one name or a list, matched by label, id or unambiguous prefix. Each model's
        `hedges` (and `qualified`) give the review's hedges on the statements matched."""
        from .facets import models

        return Rows(models(self.engine, resource=_one_or_many(resource), relationship=_one_or_many(relationship),
                           not_resource=_one_or_many(not_resource), not_relationship=_one_or_many(not_relationship),
                           reciprocity=reciprocity, expertise=expertise))

    def evidence(self, model: str, feature: str | None = None) -> Rows:
        """What the source states about `model` (only about `feature` if given), each
        statement with its locators and cited references (see `roto.evidence.evidence`)."""
        from .evidence import evidence

        return Rows(evidence(model, feature, self.engine))

    def compare(self, *models: str) -> Rows:
        """Two or more models side by side: every table cell, reciprocity and expertise,
        each model's judgement with its evidence (see `roto.comparison.compare`)."""
        from .comparison import compare

        return Rows(compare(list(models), self.engine))

    def similar(self, model: str) -> Rows:
        """The other models ranked by the table features they share with `model` (Jaccard
        over the features stated for both; see `roto.comparison.similar`)."""
        from .comparison import similar

        return Rows(similar(model, self.engine))

    def table(self, name: str):
        """Table 1 ("resources") or Table 2 ("relationships"): a `Table` with `.columns`,
        `.rows` and `.to_frame()`."""
        from .tables import review_table

        return review_table(name, self.store)

    def query(self, name: str, **params: str):
        """A canned query from `queries/` by name, parameters bound as RDF terms (names of
        vocabulary terms are matched as `roto query` does); one dict per row.

        >>> rows = open_graph().query("models-by-relationship", relationship="family")
        >>> [row["label"] for row in rows][:2]
        ['Open dialogue', 'Positive psychotherapy']
        """
        return plain_result(run(self.engine, name, params))

    def sparql(self, text: str, prefixes: bool = True):
        """Any SPARQL query over all named graphs. SELECT gives one dict per row, ASK a
        bool, CONSTRUCT/DESCRIBE a list of (subject, predicate, object) dicts. ROTO's
        usual prefixes (roto:, rdfs:, owl:, skos:, ...) are declared unless `prefixes=False`."""
        return plain_result(self.engine.query((sparql_prefixes() + text) if prefixes else text))

    def validate(self, engine: str = "auto") -> Validation:
        """Check the review plus the researcher's files against ROTO's SHACL shapes, as
        `roto validate` does (this graph is not changed); `engine`: "auto" (the oxigraph
        engine) or "pyshacl", as `roto validate --engine`."""
        from .check import load_data, load_shapes, load_store, validate
        from .errors import RotoError

        if engine not in ("auto", "oxigraph", "pyshacl"):
            raise RotoError(f"unknown SHACL engine {engine!r}: auto, oxigraph or pyshacl")
        data, origins = (load_data if engine == "pyshacl" else load_store)(self.sources, project=self.project)
        report = validate(data, load_shapes(with_review=self.project is None or self.project.review), origins,
                          engine=engine)
        return Validation(report.conforms, report.results)

    def plot(self, name: str, path: str | Path | None = None, highlight: str | None = None,
             width: str | float | None = None, title: bool = True):
        """Figure `name` ("resources", "relationships", "dimensions", "network"): without
        `path` a matplotlib Figure (a notebook shows it inline); with `path` (.svg, .png,
        .pdf, .eps, .tif) the file, written, as `roto plot` writes it. `highlight` names a
        model to set apart; `width` is inches or a string such as "180mm"; needs matplotlib
        (`pip install 'roto-ontology[plot]'`)."""
        from .optional import figures

        module = figures("kg.plot()")
        inches = module.parse_width(width) if isinstance(width, str) else width
        if path is None:
            return module.figure(name, self.store, highlight, inches, title)
        return module.plot(name, path, self.store, highlight, inches, title)


def open_graph(paths: Iterable[str | Path] = (), inferred: bool = False,
               project: str | Path | bool | None = None) -> KnowledgeGraph:
    """The review's knowledge graph; with `paths`, the review plus a researcher's files:
    TOML in the form of review/models/*.toml (compiled with provenance, like the review's
    own) or RDF (Turtle, RDF/XML, N-Triples, N-Quads, TriG, JSON-LD; each kept in a graph
    named by its file: URI), read by `roto.loader.load` as `roto reason` and `roto validate`
    read them. With `inferred`, the review plus the reasoner's saved conclusions
    (release/roto-inferred.nq, as `--inferred` loads them: no Java), so defined classes such
    as roto:ReciprocalModel have their members. `project` names a project folder (see
    `roto init`); by default the one the working folder is in, as the `roto` command finds
    it; False for the review alone. A project's graph is its release, if `roto build` wrote it
    since the project's files last changed, else compiled from its files as they are now.

    >>> kg = open_graph(inferred=True)
    >>> sorted(r["m"].rsplit("/", 1)[1] for r in kg.sparql("SELECT ?m { ?m a roto:PeerExpertModel }"))
    ['peer-support-workers', 'self-help-groups']
    """
    paths = tuple(Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths))
    from .project import find, open_project

    chosen = find(Path.cwd()) if project is None else None if isinstance(project, bool) else open_project(project)
    if chosen is not None:
        return _project_graph(chosen, paths, inferred)
    if inferred and paths:
        from .errors import RotoError

        raise RotoError("inferred=True adds the review's saved inferred graph, which knows nothing of your files; "
                        "for them: `roto reason FILES --format trig -o FILE`, then roto.open([FILE])")
    if not paths:
        return KnowledgeGraph(open_store(inferred=inferred), inferred=inferred)
    from .loader import TOML_SUFFIX, add_as_graph, check_files

    files = tuple(Path(p) for p in paths)
    check_files(files)
    store = ox.Store()
    for path in files:
        if path.suffix.lower() != TOML_SUFFIX:
            add_as_graph(store, path, ox.NamedNode(path.resolve().as_uri()))
    toml = [p for p in files if p.suffix.lower() == TOML_SUFFIX]
    if toml:  # the review with the researcher's models, compiled as `roto build` does, straight into the store
        from .authoring import read_content
        from .build.quads import compiled_quads

        store.extend(compiled_quads(read_content(toml)))
    else:  # the review alone: what `roto build` wrote (tests/test_release.py keeps it fresh)
        store.load(path=built_dataset(), format=ox.RdfFormat.N_QUADS)
    return KnowledgeGraph(store, files)


def _project_graph(project, files: Iterable[str | Path], inferred: bool) -> KnowledgeGraph:
    """A project's graph (the review, if it includes it, plus its models and `files`): without
    `files`, its release when `roto build` wrote it since the project's files last changed (a
    large project's on-disk store, opened in a moment); else compiled now."""
    from .errors import RotoError
    from .loader import TOML_SUFFIX, add_as_graph, check_files

    paths = tuple(check_files(files))
    if inferred:
        raise RotoError("inferred=True reads the review's saved inferred graph; for a project: `roto reason "
                        "--format trig -o FILE`, then roto.open([FILE], project=False)")
    if not paths:
        from .store import open_release, project_dataset

        try:
            release = project_dataset(project)
        except RotoError:  # not built, or older than the project's files: compiled below
            release = None
        if release is not None:
            return KnowledgeGraph(open_release([release]), paths, project=project)
    store = ox.Store()
    for path in paths:
        if path.suffix.lower() != TOML_SUFFIX:
            add_as_graph(store, path, ox.NamedNode(path.resolve().as_uri()))
    from .authoring import read_content
    from .build.quads import compiled_quads

    store.extend(compiled_quads(read_content([p for p in paths if p.suffix.lower() == TOML_SUFFIX], project=project)))
    return KnowledgeGraph(store, paths, project=project)
