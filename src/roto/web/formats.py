"""Media types ROTO serves and HTTP content negotiation over them, defined once.

The same tables drive the endpoint, the IRI redirects and the static site's `.htaccess`
rules, so the three cannot disagree on which suffix means which syntax. The policy:

- q-values are weighed (the most specific matching range gives a type's q; ties go to
  the server's order); nothing acceptable is 406 Not Acceptable;
- `text/plain` selects N-Triples (rdflib asks for N-Triples that way);
- a document about an IRI prefers HTML (`*/*` from curl or a browser gets a page), while
  SPARQL results, CONSTRUCT/DESCRIBE answers and the service description prefer a machine
  format, as the SPARQL 1.1 Protocol expects: HTML only when asked for by name.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..render.formats import BOOLEAN_FORMATS, RESULTS_MEDIA_TYPES


@dataclass(frozen=True)
class DocumentFormat:
    """A syntax an entity's description is served in, with its file suffix."""

    suffix: str
    media_type: str
    rdf_format: ox.RdfFormat | None  # None for HTML
    aliases: tuple[str, ...] = ()


# Server preference order: HTML first, so `Accept: */*` (curl, wget) gets a page.
DOCUMENT_FORMATS = (
    DocumentFormat("html", "text/html", None, ("application/xhtml+xml",)),
    DocumentFormat("ttl", "text/turtle", ox.RdfFormat.TURTLE, ("application/x-turtle",)),
    DocumentFormat("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    DocumentFormat("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    DocumentFormat("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",)),
)
RDF_FORMATS = tuple(f for f in DOCUMENT_FORMATS if f.rdf_format is not None)
HTML = DOCUMENT_FORMATS[0]
# For machines first (SPARQL CONSTRUCT/DESCRIBE results, the service description): RDF for `*/*`.
MACHINE_FORMATS = (*RDF_FORMATS, HTML)
# A nanopublication is a set of graphs: besides its own description, it is offered whole.
DATASET_FORMATS = (DocumentFormat("trig", "application/trig", ox.RdfFormat.TRIG),
                   DocumentFormat("nq", "application/n-quads", ox.RdfFormat.N_QUADS))
# The ontology IRI (and its version IRI) answered, per document suffix, with a release file.
ONTOLOGY_DOCUMENTS = {"html": "index.html", "ttl": "roto.ttl", "jsonld": "roto.jsonld", "rdf": "roto.owl", "nt": "roto.nt"}
# Media types of the release files, by suffix (those that are not documents' suffixes too).
RELEASE_TYPES = {**{f.suffix: f.media_type for f in (*RDF_FORMATS, *DATASET_FORMATS)}, "owl": "application/rdf+xml",
                 "owx": "application/owl+xml"}
BY_SUFFIX = {f.suffix: f for f in (*DOCUMENT_FORMATS, *DATASET_FORMATS)}

# SPARQL results: media type -> aliases, those of `roto.render.formats` and an HTML table.
# JSON first: the default for `*/*`.
SOLUTION_TYPES = {**dict(RESULTS_MEDIA_TYPES.values()), "text/html": ("application/xhtml+xml",)}
BOOLEAN_TYPES = (*(RESULTS_MEDIA_TYPES[fmt][0] for fmt in BOOLEAN_FORMATS), "text/html")


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values (malformed q counts as 0)."""
    ranges = []
    for item in (header or "*/*").split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value of the most specific range matching `media` (0 if none matches)."""
    kind = media.split("/", maxsplit=1)[0]
    best, specificity = 0.0, -1
    for pattern, q in ranges:
        if pattern == media:
            rank = 2
        elif pattern == f"{kind}/*":
            rank = 1
        elif pattern == "*/*":
            rank = 0
        else:
            continue
        if rank > specificity:
            best, specificity = q, rank
    return best


def negotiate(accept: str | None, offers: dict[str, tuple[str, ...]]) -> str | None:
    """The offered media type the client prefers most; ties go to the earlier offer.

    `offers` maps each media type to aliases that select it (e.g. application/json for
    SPARQL JSON results). None when nothing offered is acceptable (HTTP 406).

    >>> negotiate("text/turtle;q=0.5, application/ld+json", {"text/turtle": (), "application/ld+json": ()})
    'application/ld+json'
    """
    ranges = parse_accept(accept)
    chosen, best = None, 0.0
    for media, aliases in offers.items():
        # Wildcards select by the main type; an alias counts only when named exactly.
        q = max([_quality(media, ranges), *(q for pattern, q in ranges if pattern in aliases)])
        if q > best:
            chosen, best = media, q
    return chosen


def negotiate_document(accept: str | None, formats=DOCUMENT_FORMATS) -> DocumentFormat | None:
    """The document format for an entity IRI, by Accept header."""
    chosen = negotiate(accept, {f.media_type: f.aliases for f in formats})
    return next((f for f in formats if f.media_type == chosen), None)


def content_type(media_type: str) -> str:
    """A Content-Type header value: text types and JSON-based types say UTF-8."""
    if media_type.startswith("text/") or media_type.endswith(("+json", "+xml")):
        return f"{media_type}; charset=utf-8"
    return media_type
