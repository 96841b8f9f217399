"""IRIs ROTO mints and the vocabularies it uses, defined once.

Kept free of rdflib so that fast paths (canned queries over pyoxigraph) can use it.
"""

from ._version import __version__ as VERSION

BASE = "https://w3id.org/roto/"
ONTOLOGY_IRI = "https://w3id.org/roto"
VERSION_IRI = f"{BASE}{VERSION}"
REVIEW_IRI = "https://doi.org/10.1192/bjp.bp.113.135038"
# The licence of the ontology and the data (the code is MIT: LICENSES/).
LICENCE_IRI = "https://creativecommons.org/licenses/by/4.0/"

# The release files (release/, written by `roto build`), with what each holds, in the
# order the pages list them for download.
RELEASE_FILES = {
    "roto.ttl": "the ontology and the knowledge graph in Turtle",
    "roto.owl": "the same in RDF/XML, for Protégé, pronto and oaklib",
    "roto.owx": "the same in OWL/XML, for py-horned-owl and other OWL/XML readers",
    "roto.jsonld": "the same in JSON-LD (context: context.jsonld)",
    "context.jsonld": "the JSON-LD context",
    "roto.nt": "the same in N-Triples",
    "roto.nq": "the dataset with its named graphs, in N-Quads",
    "roto.trig": "one nanopublication per statement, in TriG (nanopublications only)",
    "roto-graphs.trig": "the graphs that are not nanopublications (ontology, entities, references, mappings), in TriG",
    "roto-examples.ttl": "the canned queries as SPARQL examples (SHACL SPARQLExecutables), in Turtle",
}

# Who made ROTO, as an IRI (a fragment of the ontology document, which labels it): the
# creator of the ontology and of every nanopublication unless a signer gives an ORCID.
CONTRIBUTORS_IRI = ONTOLOGY_IRI + "#contributors"

# Named graphs of the dataset.
GRAPH = {name: f"{BASE}graph/{name}"
         for name in ("ontology", "assertions", "provenance", "references", "mappings", "inferred")}

# Path segment under BASE for each kind of entity the review content mints.
KIND_PATHS = {
    "model": "model/",
    "resource": "resource/",
    "relationship": "relationship/",
    "dimension": "dimension/",
    "reciprocity": "reciprocity/",
    "expertise": "expertise/",
    "qualifier": "qualifier/",
    "part": "part/",
    "reference": "reference/",
    "statement": "statement/",
    "claim": "claim/",
}

# The first path segments of ROTO's own IRIs and served paths (lowercase: a project prefix
# is lowercase): a project's pages live under its prefix, so it may not be one of these
# (tests/test_project_end_to_end.py checks this covers every IRI of the release).
RESERVED_PATHS = frozenset({*(path.rstrip("/") for path in KIND_PATHS.values()), "graph", "source", "locator", "nuance",
                            "void", "sparql", "queries", "editor", "figures", "w3id"})

PREFIXES = {
    "roto": BASE,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "cito": "http://purl.org/spar/cito/",
    "np": "http://www.nanopub.org/nschema#",
    "fabio": "http://purl.org/spar/fabio/",
    "obo": "http://purl.obolibrary.org/obo/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "schema": "https://schema.org/",
    "vann": "http://purl.org/vocab/vann/",
    "bibo": "http://purl.org/ontology/bibo/",
    "bcio": "http://humanbehaviourchange.org/ontology/",
    "model": BASE + KIND_PATHS["model"],
    "resource": BASE + KIND_PATHS["resource"],
    "relationship": BASE + KIND_PATHS["relationship"],
    "ref": BASE + KIND_PATHS["reference"],
    "part": BASE + KIND_PATHS["part"],
}


def iri(kind: str, local_id: str, base: str = BASE) -> str:
    """The IRI ROTO gives an entity of `kind`, e.g. iri("model", "befriending"); `base` is a
    project's namespace for what the project adds (see `roto.project`)."""
    return base + KIND_PATHS[kind] + local_id


def graph_iri(name: str, base: str = BASE) -> str:
    """The named graph `name` ("assertions", "provenance", "references") of the review or of a project."""
    return GRAPH[name] if base == BASE else f"{base}graph/{name}"


def sparql_prefixes() -> str:
    """PREFIX lines for every prefix above, for queries that want them."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
