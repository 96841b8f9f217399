"""FAIR Signposting level 1 (https://signposting.org/FAIR/): `Link` headers that let a
machine find, from any document about a ROTO IRI, the IRI to cite, the descriptions in RDF,
the licence and the kind of page; from the home page also the release files (`item`).
`roto serve` sends them and `roto site` writes the same into its `.htaccess`."""

from __future__ import annotations

from ..namespaces import LICENCE_IRI, ONTOLOGY_IRI
from .catalogue import document_stem, iri_of
from .formats import ONTOLOGY_DOCUMENTS, RDF_FORMATS, RELEASE_TYPES

SCHEMA = "https://schema.org/"


def link(target: str, rel: str, media_type: str | None = None) -> str:
    return f'<{target}>; rel="{rel}"' + (f'; type="{media_type}"' if media_type else "")


def document_links(site: str, name: str, stem: str | None = None) -> list[str]:
    """For a document about the IRI published under `name` (`catalogue.iri_of`), whose
    documents are at `stem` (by default `document_stem(name)`); `site` is where the site is
    served (ends in /)."""
    return [link(iri_of(name), "cite-as"),
            *(link(f"{site}{stem or document_stem(name)}.{f.suffix}", "describedby", f.media_type) for f in RDF_FORMATS),
            link(LICENCE_IRI, "license"), link(SCHEMA + "AboutPage", "type")]


def home_links(site: str, release: list[str]) -> list[str]:
    """For the home page, the landing page of the dataset: the release files are its items."""
    return [link(ONTOLOGY_IRI, "cite-as"),
            *(link(site + ONTOLOGY_DOCUMENTS[f.suffix], "describedby", f.media_type) for f in RDF_FORMATS),
            link(LICENCE_IRI, "license"), link(SCHEMA + "Dataset", "type"), link(SCHEMA + "AboutPage", "type"),
            *(link(site + name, "item", RELEASE_TYPES.get(name.rsplit(".", 1)[1], "application/octet-stream"))
              for name in release)]
