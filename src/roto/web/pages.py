"""The HTML pages, rendered from Jinja2 templates (files in `templates/`).

One renderer serves both `roto serve` and `roto site`: every page is named by its path in
the site ("model/befriending.html") and links relatively, so the static copy works from
any folder and the server answers the same paths.
"""

from __future__ import annotations

import posixpath
from functools import cached_property

from ..engine import store_select
from ..figure_names import FIGURES
from ..namespaces import BASE, ONTOLOGY_IRI, REVIEW_IRI, VERSION, VERSION_IRI
from ..qualifiers import cite_list
from ..tables import TABLES, review_table
from .catalogue import NOT_STATED, NOT_UTILISED, TERM_KINDS, Catalogue, Statement
from .descriptions import CC_BY, DOWNLOADS, VOID_IRI, graph_sizes, linksets
from .figure_files import figure_paths, model_figure_path
from .formats import RDF_FORMATS

ROTO = BASE
FIXED_PAGES = ("index.html", "ontology.html", "tables.html", "references.html", "void.html")
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


def local(iri: str) -> str | None:
    """"model/befriending" for a ROTO IRI; None for an IRI outside ROTO's namespace."""
    if iri.startswith(BASE) and len(iri) > len(BASE):
        return iri[len(BASE):]
    return None


class Pages:
    """Renders every page of the site; `endpoint` says whether a SPARQL endpoint is linked."""

    def __init__(self, catalogue: Catalogue, endpoint: bool = False) -> None:
        import jinja2

        self.catalogue = catalogue
        self.endpoint = endpoint
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("roto.web", "templates"),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined)

    @cached_property
    def figure_paths(self) -> dict[str, tuple[str, str | None]]:
        """Site path of each figure the pages show -> (figure name, model to highlight)."""
        return figure_paths(self.catalogue)

    def _figure(self, path: str) -> str | None:
        return path if path in self.figure_paths else None

    @cached_property
    def entity_paths(self) -> dict[str, str]:
        """Page path ("model/befriending.html") -> IRI, for every IRI the graph describes."""
        return {f"{name}.html": iri for iri in self.catalogue.served_iris() if (name := local(iri))}

    def paths(self) -> list[str]:
        return [*FIXED_PAGES, *self.entity_paths]

    def render(self, path: str, **extra) -> str:
        """The page at `path` (one of `paths()`; KeyError for any other)."""
        if path in FIXED_PAGES:
            return getattr(self, "_" + path.removesuffix(".html"))(path)
        iri = self.entity_paths[path]
        if ROTO + "TherapeuticModel" in self.catalogue.entities[iri].types:
            return self._model(path, iri)
        return self._entity(path, iri)

    def render_form(self, query: str, **context) -> str:
        """The SPARQL query form, with results or an error when a query was run."""
        return self._page("sparql.html", "sparql", "SPARQL endpoint", None, query=query, **context)

    # -- shared context -----------------------------------------------------------
    def _page(self, template: str, path: str, title: str, iri: str | None = None, **context) -> str:
        base = posixpath.dirname(path) or "."
        cat = self.catalogue

        def link(target: str) -> str:
            return posixpath.relpath(target, base)

        def definition(term: str) -> str | None:
            entity = cat.entities.get(term)
            return entity.definition if entity else None

        rdf_path = local(iri) if iri and local(iri) else ("void" if iri == VOID_IRI else None)
        return self.env.get_template(template).render(
            title=title, iri=iri, rdf_path=rdf_path, link=link, label=cat.label, local=local,
            definition=definition, endpoint=self.endpoint, not_utilised=NOT_UTILISED, not_stated=NOT_STATED,
            cite_list=cite_list,
            rdf_documents=[(f.suffix, RDF_NAMES[f.suffix]) for f in RDF_FORMATS], entities=cat.entities,
            **context)

    # -- fixed pages --------------------------------------------------------------
    def _index(self, path: str) -> str:
        cat = self.catalogue
        sections = [(heading, cat.of_type(cls)) for heading, cls in ENTITY_SECTIONS]
        return self._page("index.html", path, "ROTO: Resource-Oriented Therapy Ontology", None,
                          description=_description(cat), ontology_iri=ONTOLOGY_IRI, version=VERSION, licence=CC_BY,
                          review=REVIEW_IRI, references=cat.of_type(ROTO + "Reference"),
                          sections=[(h, items) for h, items in sections if items], downloads=DOWNLOADS)

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
            rows = [(models[label],
                     [(value, table.mark(label, column)) for column, value in zip(table.columns, cells, strict=True)])
                    for label, cells in table.rows]
            tables.append({"caption": table.caption, "columns": table.columns, "figure": self._figure(f"figures/{name}.svg"),
                           "figure_text": FIGURES[name], "rows": rows, "notes": table.notes})
        framework = [(figure, FIGURES[name]) for name in ("dimensions", "network")
                     if (figure := self._figure(f"figures/{name}.svg"))]
        return self._page("tables.html", path, "The review's tables", None, tables=tables, framework=framework)

    def _references(self, path: str) -> str:
        cat = self.catalogue
        refs = [(ref, len(cat.supported_by(ref.iri))) for ref in cat.of_type(ROTO + "Reference")]
        return self._page("references.html", path, "References", None, references=refs)

    def _void(self, path: str) -> str:
        cat = self.catalogue
        from .descriptions import union_size

        return self._page("void.html", path, "The ROTO dataset (VoID)", VOID_IRI, triples=union_size(cat.store),
                          entity_count=len(cat.served_iris()), uri_space=BASE, licence=CC_BY,
                          graphs=graph_sizes(cat.store), linksets=linksets(cat.store), downloads=DOWNLOADS)

    # -- entity pages ---------------------------------------------------------------
    def _model(self, path: str, iri: str) -> str:
        cat = self.catalogue
        entity = cat.entities[iri]
        tables = [(TABLES[name][1], cat.model_cells(iri, TABLES[name][0], column))
                  for name, column in (("resources", ROTO + "ResourceType"), ("relationships", ROTO + "RelationshipType"))]
        dimensions = [("Reciprocity", cat.about(iri, ROTO + "hasReciprocity")),
                      ("Expertise", cat.about(iri, ROTO + "hasExpertiseLocus"))]
        return self._page("model.html", path, entity.name, iri, entity=entity, tables=tables, dimensions=dimensions,
                          figure=self._figure(model_figure_path(iri)), figure_text=FIGURES["dimensions"],
                          key_texts=sorted(cat.about(iri, ROTO + "hasKeyText"), key=lambda s: cat.entities[s.target].number or 0))

    def _entity(self, path: str, iri: str) -> str:
        cat = self.catalogue
        entity = cat.entities[iri]
        targeting = cat.targeting(iri)
        uses = [s for s in targeting if s.property in (ROTO + "usesResource", ROTO + "usesRelationship")]
        if ROTO + "Reference" in entity.types:
            statements, heading = cat.supported_by(iri), "Statements this reference supports"
        else:
            statements = [s for s in targeting if s not in uses]
            statements += [s for s in cat.statements if iri in s.locators or s.hedged_as(iri) or iri == s.property]
            heading = "Statements"
        first: dict[str, Statement] = {}
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
