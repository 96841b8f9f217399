"""What a dataset catalogue wants beyond VoID's basics, computed, never typed in:
class and property partitions (VoID) counted over the graph, and a DCAT distribution per
release file with its media type, size and SHA-256 checksum (SPDX), read from the files
that are served."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from ..engine import store_select
from ..namespaces import BASE, RELEASE_FILES
from .formats import RELEASE_TYPES

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
IANA = "https://www.iana.org/assignments/media-types/"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _integer(value: int, datatype: str = "integer") -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + datatype))


def partition_triples(store: ox.Store, dataset: str) -> list[ox.Triple]:
    """void:classPartition (with void:entities) per class that has instances and
    void:propertyPartition (with void:triples) per property, over the union of the graphs."""
    queries = {
        "class": "SELECT ?x (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?x FILTER(isIRI(?x)) } GROUP BY ?x ORDER BY ?x",
        "property": "SELECT ?x (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?x ?o { ?s ?x ?o } } GROUP BY ?x ORDER BY ?x",
    }
    counted = {"class": "entities", "property": "triples"}
    triples = []
    for kind, query in queries.items():
        for number, row in enumerate(store_select(store, query, use_default_graph_as_union=True), 1):
            part = _n(f"{dataset}#{kind}-{number}")
            triples += [ox.Triple(_n(dataset), _n(VOID + kind + "Partition"), part),
                        ox.Triple(part, _n(VOID + kind), row["x"]),
                        ox.Triple(part, _n(VOID + counted[kind]), _integer(int(row["n"].value)))]
    return triples


def media_type(name: str) -> str:
    """The media type a release file is served with (its suffix's)."""
    return RELEASE_TYPES[name.rsplit(".", 1)[1]]


def distribution_triples(release: Path, dataset: str) -> list[ox.Triple]:
    """A dcat:Distribution per release file: download URL, media type, byte size, SHA-256."""
    triples = [ox.Triple(_n(dataset), RDF_TYPE, _n(DCAT + "Dataset"))]
    for name, what in RELEASE_FILES.items():
        if not (release / name).is_file():  # not built: served as a 404, so not offered
            continue
        data = (release / name).read_bytes()
        file, checksum = _n(BASE + name), ox.BlankNode("sha256-" + name.replace(".", "-"))
        triples += [
            ox.Triple(_n(dataset), _n(DCAT + "distribution"), file),
            ox.Triple(file, RDF_TYPE, _n(DCAT + "Distribution")),
            ox.Triple(file, _n(DCTERMS + "title"), ox.Literal(name)),
            ox.Triple(file, _n(DCTERMS + "description"), ox.Literal(what, language="en")),
            ox.Triple(file, _n(DCAT + "downloadURL"), file),
            ox.Triple(file, _n(DCAT + "mediaType"), _n(IANA + media_type(name))),
            ox.Triple(file, _n(DCAT + "byteSize"), _integer(len(data), "nonNegativeInteger")),
            ox.Triple(file, _n(SPDX + "checksum"), checksum),
            ox.Triple(checksum, RDF_TYPE, _n(SPDX + "Checksum")),
            ox.Triple(checksum, _n(SPDX + "algorithm"), _n(SPDX + "checksumAlgorithm_sha256")),
            ox.Triple(checksum, _n(SPDX + "checksumValue"),
                      ox.Literal(hashlib.sha256(data).hexdigest(), datatype=_n(XSD + "hexBinary"))),
        ]
    return triples


# The pages that stand for the dataset as a whole, each carrying its schema.org description.
LANDING_PAGES = ("index.html", "ontology.html", "void.html", "downloads.html")


def schema_dataset(release: Path, dataset: str, description: str) -> dict:
    """The dataset as a schema.org `Dataset` in JSON-LD, for search engines and FAIR
    checkers. Its context is `@vocab` (no remote context to fetch); no DOI (none exists)."""
    from .._version import RELEASED
    from ..citation import roto
    from ..namespaces import CONTRIBUTORS_IRI, LICENCE_IRI, ONTOLOGY_IRI, REVIEW_IRI, VERSION, VERSION_IRI

    entry = roto()
    contributors = {"@id": CONTRIBUTORS_IRI, "@type": "Organization", "name": entry.authors[0]}
    return {
        "@context": {"@vocab": "https://schema.org/"},
        "@type": "Dataset",
        "@id": dataset,
        "name": entry.fields["title"],
        "description": description,
        "url": BASE,
        "identifier": ONTOLOGY_IRI,
        "version": VERSION,
        "sameAs": VERSION_IRI,
        "license": LICENCE_IRI,
        "creator": contributors,
        "publisher": contributors,
        "dateCreated": RELEASED,
        "datePublished": RELEASED,
        "isBasedOn": REVIEW_IRI,
        "citation": REVIEW_IRI,
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "keywords": ["ontology", "knowledge graph", "psychiatry", "resource-oriented therapy"],
        "distribution": [{"@type": "DataDownload", "name": name, "description": what, "contentUrl": BASE + name,
                          "encodingFormat": media_type(name), "contentSize": f"{(release / name).stat().st_size} B"}
                         for name, what in RELEASE_FILES.items() if (release / name).is_file()],
    }


def script_block(document: dict) -> str:
    """JSON for an HTML <script type="application/ld+json">: `<`, `>` and `&` escaped, so
    no text in it can close the element."""
    import json

    text = json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
