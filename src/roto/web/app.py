"""The web application: a plain WSGI callable, read-only, mountable in any WSGI server.

Routes (paths mirror the IRIs: https://w3id.org/roto/model/befriending is served at
/model/befriending):

- `/sparql`: the SPARQL 1.1 Protocol for queries (GET, POST form, POST direct); without a
  query, the service description (RDF) or a query form (HTML), by Accept.
- every ROTO IRI's path (entities, named graphs, nanopublications and their graphs: see
  `published.py`): `303 See Other` to the document in the negotiated syntax (`.html`,
  `.ttl`, `.jsonld`, `.rdf`, `.nt`; a nanopublication also `.trig`, `.nq`), as the W3C "Cool
  URIs for the Semantic Web" recommends for slash IRIs naming things rather than documents;
  the documents themselves answer 200. The ontology IRI (`/`) negotiates between the home
  page and the release files, the version IRI (`/X.Y.Z`) between its page and its files
  (`/X.Y.Z/roto.ttl`...); `/void` is the dataset's VoID description.
- `/figures/...svg`: the figures the pages show (listed in `roto.figures.registry`), drawn on first
  request, so serving pages never imports matplotlib.
- `/editor/...`: the query editor's files, and `/queries/NAME.rq`: each canned query's text
  (`editor.py`); `/sparql?example=NAME` runs canned query NAME as if sent as `query`.
- the downloads (`downloads.py`: tables, figures as PNG and PDF, citation records), made on
  first request, and the search index and script (`search.py`).

Nothing a client sends is written back as an address: the endpoint IRI in the VoID and the
service description is `public_url` (the command's `--public-url`, else the address the
server is bound to), never the `Host` header. Every response carries the headers of
`security_headers.py` and of `cors.py` (OPTIONS answers a browser's preflight); documents
about an IRI carry FAIR Signposting links (`signposting.py`). Every 200 answer to GET has
an ETag (a digest of its body) and a Last-Modified (when the release was built), and a
request whose If-None-Match or If-Modified-Since shows it holds that answer gets 304. A
request body is read only up to its declared, capped length.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from urllib.parse import parse_qs

import pyoxigraph as ox

from ..namespaces import BASE, GRAPH, PREFIXES, RELEASE_FILES, VERSION
from ..store import INFERRED_FILE
from .catalogue import Catalogue, document_stem
from .cors import ANY, cors_headers
from .descriptions import DOWNLOADS, document, serialize, serialize_quads, service_triples, void_triples
from .downloads import MEDIA_TYPES, made_files, make
from .editor import EDITOR_FILES, QUERY_TEXT_TYPE, canned, editor_file, query_texts
from .executor import QueryPool, QueryRequest
from .formats import (
    BY_SUFFIX,
    DATASET_FORMATS,
    DOCUMENT_FORMATS,
    MACHINE_FORMATS,
    ONTOLOGY_DOCUMENTS,
    RELEASE_TYPES,
    content_type,
    negotiate_document,
)
from .guard import Refusal, check_graph, inspect_query
from .pages import FIXED_PAGES, Pages
from .published import Published, iri_name, served_dataset
from .search import INDEX, SCRIPT, search_index, search_script
from .security_headers import security_headers
from .signposting import document_links, home_links

# The ontology IRI's documents: the home page and the whole release in each syntax.
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


@dataclass
class Limits:
    """What one request may cost. Defaults suit a public endpoint on a small machine."""

    timeout: float = 10.0          # seconds per query
    max_rows: int = 10_000         # result rows (or triples) per query
    max_request: int = 256 * 1024  # bytes of query text (URL or body)
    workers: int = 4               # query worker processes (see executor.QueryPool)
    memory: int = 1024             # MB of memory one query may use (its worker's address space)
    client_timeout: float = 10.0   # seconds a connection may stay silent (reading or being written to)
    connections: int = 256         # connections served at once; more wait in the listen backlog

    @property
    def request_time(self) -> float:
        """Seconds within which a whole request (line, headers, body) must arrive."""
        return 3 * self.client_timeout


@dataclass
class Response:
    status: int
    body: bytes = b""
    media_type: str = "text/plain"
    headers: dict[str, str] = field(default_factory=dict)


REASONS = {200: "OK", 204: "No Content", 303: "See Other", 304: "Not Modified", 400: "Bad Request", 403: "Forbidden",
           404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout", 411: "Length Required",
           413: "Content Too Large",
           414: "URI Too Long", 415: "Unsupported Media Type", 422: "Unprocessable Content",
           500: "Internal Server Error", 503: "Service Unavailable"}


def _error(status: int, reason: str, **headers: str) -> Response:
    return Response(status, (reason + "\n").encode(), "text/plain", headers)


class RotoApp:
    """The WSGI application over one read-only store. Call `close()` to stop its workers.

    `public_url` (ending in /) is where visitors reach it; `server.make` sets it to the bound
    address when not given. Mounted elsewhere without one, the descriptions name no endpoint.
    """

    def __init__(self, store: ox.Store | None = None, limits: Limits | None = None,
                 public_url: str | None = None, cors_origin: str | None = ANY) -> None:
        from ..store import built_dataset, open_store

        self.limits = limits or Limits()
        self.public_url = public_url
        self.cors_origin = cors_origin
        # What the review states (pages, descriptions, downloads), and what the endpoint serves:
        # that and the reasoner's conclusions, in a named graph of their own.
        self.store = store or open_store()
        self.dataset = store or served_dataset(store=self.store)
        self.catalogue = Catalogue(self.store)
        self.pages = Pages(self.catalogue, endpoint=True, dataset=self.dataset)
        self.published = Published(self.catalogue, self.dataset)
        self.local_graphs = {g.value for g in self.dataset.named_graphs()}
        self.last_modified = formatdate(int(built_dataset().stat().st_mtime), usegmt=True)
        self.downloads = made_files(bool(self.pages.figure_paths))
        self.query_texts = query_texts()
        self.pool = QueryPool(self.limits.workers, self.limits.timeout, self.limits.memory)
        self._cache: dict[str, bytes] = {}
        self._cache_lock = threading.Lock()

    def close(self) -> None:
        self.pool.close()

    @property
    def endpoint(self) -> str | None:
        """The SPARQL endpoint's IRI, from configuration only (never from a request)."""
        return self.public_url.rstrip("/") + "/sparql" if self.public_url else None

    # -- WSGI ------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO") or "/"
        try:
            if method == "OPTIONS":
                response = Response(204, b"", "text/plain", {"Allow": _allowed(path)})
            else:
                response = self.route(environ, method, path)
        except Refusal as refusal:
            response = _error(refusal.status, refusal.reason, **({"Allow": _allowed(path)} if refusal.status == 405 else {}))
        if response.status == 200 and method in ("GET", "HEAD"):
            response = self._conditional(environ, response)
        if self.cors_origin not in (None, ANY):
            response.headers["Vary"] = ", ".join(filter(None, (response.headers.get("Vary"), "Origin")))
        headers = [("Content-Type", content_type(response.media_type)), ("Content-Length", str(len(response.body))),
                   *response.headers.items(), *security_headers(response.media_type, response.body),
                   *cors_headers(self.cors_origin, preflight=method == "OPTIONS")]
        start_response(f"{response.status} {REASONS.get(response.status, '')}", headers)
        return [b""] if method == "HEAD" else [response.body]

    def _conditional(self, environ, response: Response) -> Response:
        """ETag and Last-Modified on a 200; 304 (no body) when the client's copy is current."""
        etag = '"' + hashlib.sha256(response.body).hexdigest()[:32] + '"'
        response.headers.update({"ETag": etag, "Last-Modified": self.last_modified})
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            fresh = if_none_match.strip() == "*" or etag in (t.strip().removeprefix("W/") for t in if_none_match.split(","))
        else:
            fresh = _not_after(environ.get("HTTP_IF_MODIFIED_SINCE"), self.last_modified)
        if not fresh:
            return response
        kept = {k: v for k, v in response.headers.items() if k in ("ETag", "Last-Modified", "Vary", "Link")}
        return Response(304, b"", response.media_type, kept)

    def route(self, environ, method: str, path: str) -> Response:
        if path == "/sparql":
            if method not in ("GET", "HEAD", "POST"):
                raise Refusal(405, f"{method} is not allowed here; use GET or POST")
            return self.sparql(environ, method)
        if method not in ("GET", "HEAD"):
            return _error(405, f"{method} is not allowed: this site is read-only", Allow=_allowed(path))
        accept = environ.get("HTTP_ACCEPT")
        name = path.lstrip("/")
        if name == "":
            return self._see_other(accept, lambda f: ONTOLOGY_DOCUMENTS[f.suffix])
        if name.rstrip("/") == VERSION:
            return self._see_other(accept, lambda f: f"{VERSION}/{ONTOLOGY_DOCUMENTS[f.suffix]}")
        if name == "index.html":
            return Response(200, self._page(name), "text/html", {"Link": ", ".join(self._home_links())})
        if name.startswith(VERSION + "/") and name.removeprefix(VERSION + "/") in {*ONTOLOGY_DOCUMENTS.values(), *RELEASE_FILES}:
            file = name.removeprefix(VERSION + "/")
            if file == "index.html":
                return Response(200, self._page(name), "text/html")
            return self._release_file(file)
        if name in FIXED_PAGES:  # the VoID page is about an IRI too
            links = {"Link": ", ".join(document_links(self._site, "void"))} if name == "void.html" else {}
            return Response(200, self._page(name), "text/html", links)
        if name in self.pages.figure_paths:
            return Response(200, self._cached(name, lambda: self.pages.figure(name)),
                            "image/svg+xml")
        if name in self.downloads:
            media = MEDIA_TYPES[name.rsplit(".", 1)[1]]
            return Response(200, self._cached(name, lambda: make(self.store, self.downloads[name])),
                            media,
                            {"Content-Disposition": f'attachment; filename="{name.rsplit("/", 1)[-1]}"'})
        if name == SCRIPT:
            return Response(200, search_script(), "text/javascript")
        if name in EDITOR_FILES:
            return Response(200, self._cached(name, lambda: editor_file(name)), EDITOR_FILES[name][1])
        if name in self.query_texts:
            return Response(200, self.query_texts[name], QUERY_TEXT_TYPE)
        if name == INDEX:
            return Response(200, self._cached(name, lambda: search_index(self.catalogue)), "application/json")
        if name in dict(DOWNLOADS) and (name != INFERRED_FILE or GRAPH["inferred"] in self.local_graphs):
            return self._release_file(name)
        published = self.published.kinds
        if name == "void" or name in published:
            offers = DOCUMENT_FORMATS if name == "void" else self.published.formats(name)
            return self._see_other(accept, lambda f: f"{document_stem(name)}.{f.suffix}", offers)
        stem, _, suffix = name.rpartition(".")
        stem = iri_name(stem)
        fmt = BY_SUFFIX.get(suffix)
        if fmt is None or not (stem == "void" or (stem in published and fmt in self.published.formats(stem))):
            return _error(404, f"nothing is published at {path}")
        links = {"Link": ", ".join(document_links(self._site, stem))}
        if fmt.rdf_format is None:
            page = self._page(name) if name in self.pages.entity_paths else self._resource_page(stem)
            return Response(200, page, "text/html", links)
        if stem == "void":
            return Response(200, serialize(self._void(), fmt.rdf_format), fmt.media_type, links)
        if fmt in DATASET_FORMATS:
            return Response(200, serialize_quads(self.published.quads(stem), fmt.rdf_format), fmt.media_type, links)
        return Response(200, serialize(self.published.triples(stem), fmt.rdf_format), fmt.media_type, links)

    @property
    def _site(self) -> str:
        """Where the documents are served, for links (the bound address unless configured)."""
        return self.public_url or "/"

    def _home_links(self) -> list[str]:
        return home_links(self._site, [name for name, _ in DOWNLOADS])

    # -- documents ------------------------------------------------------------------------
    def _see_other(self, accept: str | None, target, offers=DOCUMENT_FORMATS) -> Response:
        fmt = negotiate_document(accept, offers)
        if fmt is None:
            offered = ", ".join(f.media_type for f in offers)
            return _error(406, f"this resource is available as {offered}", Vary="Accept")
        return Response(303, b"See Other\n", "text/plain", {"Location": "/" + target(fmt), "Vary": "Accept"})

    def _page(self, name: str) -> bytes:
        return self._cached(name, lambda: self.pages.render(name).encode("utf-8"))

    def _resource_page(self, name: str) -> bytes:
        """The page of a published IRI that has no page of its own (a graph, a nanopublication)."""
        return self._cached(document_stem(name) + ".html", lambda: self.pages.render_resource(
            name, self.published.kinds[name], document(self.published.triples(name)).items).encode("utf-8"))

    def _cached(self, name: str, make) -> bytes:
        """A page or figure, made once (figures draw with matplotlib, imported on first request)."""
        with self._cache_lock:
            cached = self._cache.get(name)
        if cached is None:
            cached = make()
            with self._cache_lock:
                self._cache[name] = cached
        return cached

    def _release_file(self, name: str) -> Response:
        from ..store import release_dir

        path = release_dir() / name
        if not path.is_file():
            return _error(404, f"{name} is not built; run `roto build`")
        return Response(200, path.read_bytes(), RELEASE_TYPES[name.rsplit(".", 1)[1]])

    def _void(self) -> list[ox.Triple]:
        return void_triples(self.dataset, len(self.catalogue.served_iris()), self.endpoint)

    # -- the SPARQL 1.1 Protocol ---------------------------------------------------------
    def sparql(self, environ, method: str) -> Response:
        limits = self.limits
        query_string = environ.get("QUERY_STRING", "")
        if len(query_string) > limits.max_request:
            raise Refusal(414, f"the URL is longer than {limits.max_request} bytes; send the query by POST")
        params = _parse_params(query_string)
        if method == "POST":
            media = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
            body = _read_body(environ, limits.max_request)
            if media == FORM_TYPE:
                if "query" in params or "update" in params:
                    raise Refusal(400, "send query (or update) in the URL or in the form body, not both")
                params = {**params, **_parse_params(_text(body))}
            elif media == QUERY_TYPE:
                if "query" in params:
                    raise Refusal(400, "a direct POST carries the query in its body, not also in the URL")
                params["query"] = [_text(body)]
            elif media == UPDATE_TYPE:
                raise Refusal(403, "updates are refused: this endpoint is read-only")
            else:
                raise Refusal(415, f"POST a query as {FORM_TYPE} or {QUERY_TYPE}, not {media or 'no Content-Type'}")
        if "update" in params:
            if "query" in params:
                raise Refusal(400, "a request carries either query or update, not both")
            raise Refusal(403, "updates are refused: this endpoint is read-only")
        if "example" in params:
            params["query"] = [_example(params)]
        queries = params.get("query")
        if not queries:
            if method == "POST":
                raise Refusal(400, "no query: send a query parameter")
            return self._service_description(environ)
        if len(queries) > 1:
            raise Refusal(400, f"{len(queries)} query parameters; send exactly one")
        default_graphs = params.get("default-graph-uri")
        named_graphs = params.get("named-graph-uri")
        for where, graphs in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
            for graph in graphs or ():
                check_graph(graph, self.local_graphs, where)
        inspection = inspect_query(queries[0], self.local_graphs)
        request = QueryRequest(queries[0], environ.get("HTTP_ACCEPT"),
                               None if default_graphs is None else tuple(default_graphs),
                               None if named_graphs is None else tuple(named_graphs),
                               limits.max_rows, bool(inspection.from_graphs))
        try:
            answer = self.pool.run(request)
        except Refusal as refusal:
            if refusal.status in (400, 422) and _wants_html(environ):
                return self._form(queries[0], error=refusal.reason, status=refusal.status)
            raise
        if answer.media_type == "text/html":
            return self._form(queries[0], columns=answer.columns, rows=answer.rows)
        return Response(200, answer.body, answer.media_type, {"Vary": "Accept"})

    def _service_description(self, environ) -> Response:
        fmt = negotiate_document(environ.get("HTTP_ACCEPT"), MACHINE_FORMATS)
        if fmt is None:
            raise Refusal(406, "the service description is available as Turtle, JSON-LD, RDF/XML, N-Triples or HTML")
        if fmt.rdf_format is None:
            return self._form("")
        return Response(200, serialize(service_triples(self.dataset, self.endpoint), fmt.rdf_format), fmt.media_type,
                        {"Vary": "Accept"})

    def _form(self, query: str, status: int = 200, error: str | None = None, columns=(), rows=()) -> Response:
        example = query or (f"PREFIX roto: <{BASE}>\nPREFIX rdfs: <{PREFIXES['rdfs']}>\n\n"
                            "SELECT ?model ?label WHERE {\n  ?model a roto:TherapeuticModel ; rdfs:label ?label .\n}\n"
                            "ORDER BY ?label\n")
        html = self.pages.render_form(example, error=error, columns=columns, rows=rows, timeout=self.limits.timeout,
                                      max_rows=self.limits.max_rows)
        return Response(status, html.encode("utf-8"), "text/html", {"Vary": "Accept"})


def _example(params: dict[str, list[str]]) -> str:
    """The text of the canned query `example=NAME` names (a link from the pages and the
    editor's list of examples, working without JavaScript)."""
    names = params["example"]
    if "query" in params or len(names) != 1:
        raise Refusal(400, "send one example (a canned query's name) and no query")
    query = canned().get(names[0])
    if query is None:
        raise Refusal(404, f"no canned query is named {names[0][:80]!r}")
    return query.text


def _allowed(path: str) -> str:
    return "GET, HEAD, POST, OPTIONS" if path == "/sparql" else "GET, HEAD, OPTIONS"


def _not_after(since: str | None, last_modified: str) -> bool:
    """Whether an If-Modified-Since date is at or after `last_modified` (False if unreadable)."""
    if not since:
        return False
    try:
        return parsedate_to_datetime(since) >= parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        return False


def _parse_params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise Refusal(400, "parameters are not valid UTF-8") from None


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "the request body is not valid UTF-8") from None


def _read_body(environ, cap: int) -> bytes:
    """The body, reading at most its declared length and never more than `cap` bytes.

    The declared length is all that is read, whatever follows on the connection, so a
    negative, missing, chunked or lying Content-Length can never make this buffer more.
    """
    if environ.get("HTTP_TRANSFER_ENCODING"):
        raise Refusal(411, "send the body with a Content-Length, not chunked")
    declared = (environ.get("CONTENT_LENGTH") or "").strip()
    if not declared:
        raise Refusal(411, "a POST needs a Content-Length header")
    if not _DIGITS.fullmatch(declared):
        raise Refusal(400, f"Content-Length {declared[:20]!r} is not a number of bytes")
    if len(declared) > len(str(cap)) or int(declared) > cap:
        raise Refusal(413, f"the request body is {declared[:20]} bytes; this endpoint accepts at most {cap}")
    length = int(declared)
    try:
        body = environ["wsgi.input"].read(length) if length else b""
    except OSError:  # the server's read timed out or the client went away
        raise Refusal(408, "the request body did not arrive in time") from None
    if len(body) != length:
        raise Refusal(400, f"the request body ended after {len(body)} of its {length} bytes")
    return body


_DIGITS = re.compile(r"[0-9]+")


def _wants_html(environ) -> bool:
    """A browser's form submission: show a bad query's reason on the form page."""
    return "text/html" in (environ.get("HTTP_ACCEPT") or "")
