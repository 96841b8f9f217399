"""The HTML pages, rendered from Jinja2 templates (files in `templates/`).

One renderer serves both `roto serve` and `roto site`: every page is named by its path in
the site ("model/befriending.html") and links relatively, so the static copy works from
any folder and the server answers the same paths.
"""

from __future__ import annotations

import posixpath
from functools import cached_property, lru_cache

import pyoxigraph as ox

from ..engine import LocalEngine, store_select
from ..figures.registry import FIGURES, entry_id, figure_path, model_page_figures, site_figures
from ..framework import TABLES
from ..namespaces import BASE, LICENCE_IRI, ONTOLOGY_IRI, REVIEW_IRI, VERSION, VERSION_IRI
from ..qualifiers import cite_list
from ..tables import Origin, review_table
from .catalogue import NOT_STATED, NOT_UTILISED, TERM_KINDS, Catalogue, StatementRecord, document_stem, iri_of, local, local_paths
from .dataset_metadata import LANDING_PAGES, schema_dataset, script_block
from .descriptions import DOWNLOADS, VOID_IRI, graph_sizes, linksets
from .downloads import cite_downloads, cite_entries, figure_downloads, table_downloads
from .editor import EDITOR_SCRIPT, behind, canned, query_path
from .formats import RDF_FORMATS
from .search import INDEX, SCRIPT

ROTO = BASE
FIXED_PAGES = ("index.html", "ontology.html", "tables.html", "references.html", "void.html", "search.html",
               "downloads.html", "compare.html")
# The canned queries a review table is read with (`roto.tables`), and the parameter values
# the pages' figures are drawn with.
TABLE_QUERIES = ("review-table", "qualifiers")
REVIEW_VALUES = {"review": ox.NamedNode(REVIEW_IRI)}
VERSION_PAGE = f"{VERSION}/index.html"  # what the version IRI's HTML is: the files of that version
# How the page of a published IRI without a page of its own names what it is (`published.py`).
KIND_NAMES = {"graph": "A named graph of the dataset: its triples.",
              "nanopublication": "A nanopublication: one statement of the review with its provenance and publication "
                                 "information, each in a graph of its own. Below, what its head and publication "
                                 "information say about it.",
              "subject": "A node of the graph (such as a hedge on a statement): what the graph says about it.",
              "node": "A node that only the nanopublications name (such as the negation a negative statement "
                      "asserts): what they say about it."}
# How many of the most similar models a model page lists: all of them on the review, the top
# of the ranking on a large project (a page of 10,000 rows each, and a site of 10,000 such
# pages, would grow with the square of the models); `roto similar` lists every one.
SIMILAR_SHOWN = 25
RDF_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "rdf": "RDF/XML", "nt": "N-Triples"}
# The home page's sections: heading and the class whose members it lists.
ENTITY_SECTIONS = (
    ("Therapeutic models", ROTO + "TherapeuticModel"),
    ("Resource types (Table 1)", ROTO + "ResourceType"),
    ("Relationship types (Table 2)", ROTO + "RelationshipType"),
    ("Relationship dimensions", ROTO + "RelationshipDimension"),
    ("Reciprocity", ROTO + "ReciprocityValue"),
    ("Where expertise lies", ROTO + "ExpertiseLocus"),
    ("Qualifiers", ROTO + "Qualifier"),
    ("The review's method", ROTO + "MethodStep"),
    ("Inclusion criteria for the models", ROTO + "InclusionCriterion"),
    ("Limitations the review acknowledges", ROTO + "Limitation"),
    ("What the review concludes", ROTO + "Conclusion"),
    ("Parts of the review", ROTO + "SourcePart"),
)


@lru_cache(maxsize=16384)
def _relative(target: str, base: str) -> str:
    """`target` relative to the folder `base` (both site paths): the same few thousand pairs
    come up again and again across the pages of a site."""
    return posixpath.relpath(target, base)


def anchor(iri: str) -> str:
    """The id of a table row on a model page: "resource-friends" for the column resource/friends."""
    return (local(iri) or iri.rsplit("/", 1)[-1]).replace("/", "-")


class Pages:
    """Renders every page of the site; `endpoint` says whether a SPARQL endpoint is linked."""

    def __init__(self, catalogue: Catalogue, endpoint: bool = False, dataset=None) -> None:
        """`dataset`: the store the VoID page describes (with the inferred graph), if not the catalogue's."""
        import jinja2

        self.catalogue = catalogue
        self.endpoint = endpoint
        self.dataset = catalogue.store if dataset is None else dataset
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("roto.web", "templates"),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined)

    @cached_property
    def figure_paths(self) -> dict[str, str]:
        """Site path of each figure the pages show -> figure name (a model's page shows one of
        them at its model's entry: `registry.entry_id`)."""
        return site_figures()

    def _figure(self, path: str) -> str | None:
        return path if path in self.figure_paths else None

    @cached_property
    def origins(self) -> dict[str, Origin]:
        """Model IRI -> the source its statements come from: the review, or an added model's own."""
        from ..additions import model_sources

        sources = model_sources(LocalEngine(self.catalogue.store))
        return {iri: Origin(m.source, m.source_title) for iri, m in sources.items()}

    @cached_property
    def _by_source(self) -> dict[str | None, Origin]:
        return {o.iri: o for o in self.origins.values()}

    def not_utilised_by(self, source: Origin | str | None) -> str:
        """A blank cell's words for a row's `source` (an Origin) or a statement's (an IRI;
        None, as before sources were recorded, is the review): according to the review, or
        to the source of an added model, by its title where the graph has one."""
        if source is None:
            return NOT_UTILISED
        if isinstance(source, str):
            source = self._by_source.get(source) or Origin(source)
        return f"not explicitly utilised according to {source.name}" if source.added else NOT_UTILISED

    def figure(self, path: str) -> bytes:
        """The figure at `path` (a key of `figure_paths`) as SVG; drawing imports matplotlib,
        so only a request for a figure (`roto serve`) or writing the site does."""
        from ..figures import render

        return render(self.figure_paths[path], "svg", self.catalogue.store)

    @cached_property
    def entity_paths(self) -> dict[str, str]:
        """Page path ("model/befriending.html") -> IRI, for every IRI the graph describes."""
        return {f"{name}.html": iri for iri, name in local_paths(self.catalogue.served_iris()).items()}

    def paths(self) -> list[str]:
        return [*FIXED_PAGES, VERSION_PAGE, *self.entity_paths]

    def render(self, path: str, **extra) -> str:
        """The page at `path` (one of `paths()`; KeyError for any other)."""
        if path in FIXED_PAGES:
            return getattr(self, "_" + path.removesuffix(".html"))(path)
        if path == VERSION_PAGE:
            return self._page("version.html", path, f"ROTO {VERSION}", None, version=VERSION, version_iri=VERSION_IRI,
                              downloads=DOWNLOADS)
        iri = self.entity_paths[path]
        if ROTO + "TherapeuticModel" in self.catalogue.entities[iri].types:
            return self._model(path, iri)
        return self._entity(path, iri)

    def render_resource(self, name: str, kind: str, ordered: list[ox.Triple]) -> str:
        """The page of a published IRI that is not an entity (a graph, a nanopublication, a
        hedge), its triples `ordered` as its documents write them (`descriptions.document`)."""

        def term(t) -> tuple[str, bool, bool]:  # (text, is an IRI, is a blank node)
            if isinstance(t, ox.NamedNode):
                return t.value, True, False
            return (f"_:{t.value}", False, True) if isinstance(t, ox.BlankNode) else (t.value, False, False)

        whole = [("trig", "TriG"), ("nq", "N-Quads")] if kind == "nanopublication" else []
        return self._page("resource.html", document_stem(name) + ".html", name, iri_of(name), what=KIND_NAMES[kind], whole=whole,
                          rows=[(term(t.subject), term(t.predicate), term(t.object)) for t in ordered])

    def render_form(self, query: str, **context) -> str:
        """The SPARQL query form, with results or an error when a query was run, the editor
        that replaces it in a browser with JavaScript, and the canned queries as examples."""
        examples = [(heading, [(name, q) for name, q in canned().items() if name.startswith("checks/") == checks])
                    for heading, checks in (("Questions", False), ("Checks (a row is a defect)", True))]
        return self._page("sparql.html", "sparql", "SPARQL endpoint", None, query=query, result_link=self.result_link,
                          examples=examples, query_path=query_path, editor_script=EDITOR_SCRIPT, **context)

    def result_link(self, iri: str | None) -> str | None:
        """Where a result IRI links: its page for an IRI this site describes, else the IRI itself
        when it is a web address (http, https); None for anything else (no javascript: links)."""
        if iri is None:
            return None
        page = (local(iri) or "") + ".html"
        if page in self.entity_paths:
            return page
        return iri if iri.lower().startswith(("http://", "https://")) else None

    # -- shared context -----------------------------------------------------------
    def _page(self, template: str, path: str, title: str, iri: str | None = None, **context) -> str:
        from markupsafe import Markup, escape  # jinja2's, imported with it

        base = posixpath.dirname(path) or "."
        cat = self.catalogue

        def link(target: str) -> str:
            return _relative(target, base)

        def entity_link(iri: str) -> str:
            """A link to the entity's page, or to the IRI itself if the site does not describe it."""
            page = local(iri)
            return Markup(f'<a href="{escape(iri if page is None else link(page + ".html"))}">{escape(cat.label(iri))}</a>')

        def definition(term: str) -> str | None:
            entity = cat.entities.get(term)
            return entity.definition if entity else None

        rdf_path = local(iri) if iri and local(iri) else ("void" if iri == VOID_IRI else None)
        return self.env.get_template(template).render(
            dataset_jsonld=self._dataset_jsonld if template in LANDING_PAGES else None,
            title=title, iri=iri, rdf_path=rdf_path, link=link, entity_link=entity_link, label=cat.label, local=local,
            definition=definition, endpoint=self.endpoint, not_utilised=NOT_UTILISED, not_stated=NOT_STATED,
            not_utilised_by=self.not_utilised_by, review_iri=REVIEW_IRI,
            cite_list=cite_list, anchor=anchor,
            rdf_documents=[(f.suffix, RDF_NAMES[f.suffix]) for f in RDF_FORMATS], entities=cat.entities,
            **context)

    @cached_property
    def _dataset_jsonld(self) -> str:
        """The schema.org Dataset of the landing pages (web/dataset_metadata.py)."""
        from ..store import release_dir

        return script_block(schema_dataset(release_dir(), VOID_IRI, _description(self.catalogue)))

    # -- fixed pages --------------------------------------------------------------
    def _index(self, path: str) -> str:
        cat = self.catalogue
        sections = [(heading, cat.of_type(cls)) for heading, cls in ENTITY_SECTIONS]
        return self._page("index.html", path, "ROTO: Resource-Oriented Therapy Ontology", None,
                          description=_description(cat), ontology_iri=ONTOLOGY_IRI, version=VERSION, licence=LICENCE_IRI,
                          review=REVIEW_IRI, references=cat.of_type(ROTO + "Reference"),
                          sections=[(h, items) for h, items in sections if items], downloads=DOWNLOADS,
                          cite=self._cite)

    def _ontology(self, path: str) -> str:
        cat = self.catalogue
        groups = []
        for kind, heading in TERM_KINDS.items():
            terms = sorted((t for t in cat.terms.values() if t.kind == kind and t.iri.startswith(BASE)),
                           key=lambda t: cat.label(t.iri).lower())
            if terms:
                groups.append((heading, terms))
        return self._page("ontology.html", path, "ROTO ontology", None, description=_description(cat),
                          version_iri=VERSION_IRI, groups=groups)

    def _tables(self, path: str) -> str:
        cat = self.catalogue
        models = {e.name: e.iri for e in cat.of_type(ROTO + "TherapeuticModel")}
        tables = []
        for name in TABLES:
            table = review_table(name, cat.store)
            features = {e.name: e.iri for e in cat.of_type(TABLES[name].column_class)}
            rows = [(models[label], [(value, table.mark(label, column), features[column])
                                     for column, value in zip(table.columns, cells, strict=True)], table.origins[label])
                    for label, cells in table.rows]
            spec = FIGURES.get(name)  # the table drawn as a figure, shown beside it
            figure = spec and self._figure(figure_path(spec))
            values = {**REVIEW_VALUES, "property": ox.NamedNode(TABLES[name].property)}
            tables.append({"name": name, "caption": table.caption, "columns": table.columns, "figure": figure,
                           "figure_text": spec and spec.draws, "rows": rows, "notes": table.notes,
                           "downloads": table_downloads(name), "figure_downloads": figure_downloads(name, bool(figure)),
                           "queries": behind(TABLE_QUERIES, values), "figure_queries": spec and behind(spec.queries, values)})
        framework = [(figure, spec.draws, figure_downloads(spec.name, True), behind(spec.queries, REVIEW_VALUES))
                     for spec in FIGURES.values() if spec.name not in TABLES and (figure := self._figure(figure_path(spec)))]
        added = any(o.added for o in self.origins.values())
        return self._page("tables.html", path, "The review's tables", None, tables=tables, framework=framework, added=added)

    @cached_property
    def _cite(self) -> dict:
        """The "cite this" block: the review and ROTO as BibTeX (shown) and in every format (files)."""
        from ..citation import bibtex

        return {"bibtex": bibtex(cite_entries(self.catalogue.store)), "files": cite_downloads()}

    def _compare(self, path: str) -> str:
        """Every model side by side (`roto compare` with all of them): each feature, each
        model's judgement with its evidence, the features on which they differ marked."""
        from ..comparison import compare
        from ..engine import LocalEngine

        models = [e.iri for e in self.catalogue.of_type(ROTO + "TherapeuticModel")]
        features = compare(models, LocalEngine(self.catalogue.store)) if len(models) > 1 else []
        labels = list(features[0].judgements) if features else []
        return self._page("compare.html", path, "Models side by side", None, features=features, labels=labels,
                          models=dict(zip(labels, models, strict=True)) if features else {})

    def _similar(self, iri: str) -> dict:
        """The other models most similar to this one, first (`roto similar`; `SIMILAR_SHOWN`),
        and how many more there are."""
        from ..comparison import similar

        known = self.catalogue.profiles
        return {"similar": similar(iri, known=known, limit=SIMILAR_SHOWN),
                "similar_more": max(0, sum(m.iri != iri for m in known.models) - SIMILAR_SHOWN)}

    def _search(self, path: str) -> str:
        return self._page("search.html", path, "Search", None, script=SCRIPT, index=INDEX)

    def _downloads(self, path: str) -> str:
        drawn = bool(self.figure_paths)
        tables = [(table.caption, table_downloads(name)) for name, table in TABLES.items()]
        figures = [(spec.draws, figure_downloads(name, drawn)) for name, spec in FIGURES.items()] if drawn else []
        return self._page("downloads.html", path, "Downloads", None, tables=tables, figures=figures,
                          release=DOWNLOADS, cite=self._cite)

    def _references(self, path: str) -> str:
        cat = self.catalogue
        counts = cat.support_counts()
        refs = [(ref, counts.get(ref.iri, 0)) for ref in cat.of_type(ROTO + "Reference")]
        return self._page("references.html", path, "References", None, references=refs)

    def _void(self, path: str) -> str:
        cat = self.catalogue
        from .descriptions import union_size

        return self._page("void.html", path, "The ROTO dataset (VoID)", VOID_IRI, triples=union_size(self.dataset),
                          entity_count=len(cat.served_iris()), uri_space=BASE, licence=LICENCE_IRI,
                          graphs=graph_sizes(self.dataset), linksets=linksets(cat.store), downloads=DOWNLOADS)

    # -- entity pages ---------------------------------------------------------------
    def _model(self, path: str, iri: str) -> str:
        cat = self.catalogue
        entity = cat.entities[iri]
        tables = [(table.caption, cat.model_cells(iri, table.property, table.column_class)) for table in TABLES.values()]
        dimensions = [("Reciprocity", cat.about(iri, ROTO + "hasReciprocity")),
                      ("Expertise", cat.about(iri, ROTO + "hasExpertiseLocus"))]
        return self._page("model.html", path, entity.name, iri, entity=entity, tables=tables, dimensions=dimensions,
                          origin=self.origins.get(iri, Origin(REVIEW_IRI)),
                          figures=[(figure, entry_id(iri), spec.draws, behind(spec.queries, REVIEW_VALUES))
                                   for spec in model_page_figures() if (figure := self._figure(figure_path(spec)))],
                          key_texts=sorted(cat.about(iri, ROTO + "hasKeyText"), key=lambda s: cat.entities[s.target].number or 0),
                          **self._similar(iri))

    def _entity(self, path: str, iri: str) -> str:
        cat = self.catalogue
        entity = cat.entities[iri]
        targeting = cat.targeting(iri)
        uses = [s for s in targeting if s.property in (ROTO + "usesResource", ROTO + "usesRelationship")]
        if ROTO + "Reference" in entity.types:
            statements, heading = cat.supported_by(iri), "Statements this reference supports"
        else:
            statements = [s for s in targeting if s not in uses]
            statements += cat.mentioning(iri)
            heading = "Statements"
        first: dict[str, StatementRecord] = {}
        for s in statements:
            first.setdefault(s.id, s)
        statements = list(first.values())
        return self._page("entity.html", path, entity.name, iri, entity=entity, types=sorted(entity.types),
                          users=[s for s in uses if s.positive], non_users=[s for s in uses if not s.positive],
                          statements=statements, statements_heading=heading, claim_hedges=cat.claim_hedges.get(iri))


def _description(cat: Catalogue) -> str:
    rows = store_select(cat.store, f"SELECT ?d WHERE {{ <{ONTOLOGY_IRI}> <http://purl.org/dc/terms/description> ?d }}",
                        use_default_graph_as_union=True)
    return next((row["d"].value for row in rows), "")
