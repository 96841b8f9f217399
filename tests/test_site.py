"""`roto site`: a static copy of the pages whose every internal link resolves, every IRI's
documents, and .htaccess rules that negotiate as the server does."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from conftest import run_roto

BASE = "https://w3id.org/roto/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site written by a `roto site` process of its own (the refusals below go through conftest's
    `roto_cli`, whose runner stops a run after a minute, which a render can outlast on a busy machine)."""
    out = tmp_path_factory.mktemp("site") / "www"
    result = run_roto("site", "-o", str(out), "--public-url", PUBLIC_URL)
    assert result.returncode == 0, result.stderr
    return out


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src", "action"):
            if attrs.get(key):
                self.links.append(attrs[key])
        if attrs.get("id"):
            self.ids.add(attrs["id"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def parsed(site) -> dict[Path, _Links]:
    """Every page of the site parsed once, for the tests that read their links."""
    return {p: _parse(p) for p in sorted(site.rglob("*.html"))}


def test_every_internal_link_resolves_inside_the_site(site, parsed):
    assert len(parsed) > 100
    ids = {p: links.ids for p, links in parsed.items()}
    checked = 0
    for page, links in parsed.items():
        for link in links.links:
            if urlsplit(link).scheme:  # an external IRI (a DOI, a W3C vocabulary)
                continue
            target_path, fragment = urldefrag(link)
            target = (page.parent / target_path).resolve() if target_path else page
            assert target.is_relative_to(site.resolve()), f"{page.relative_to(site)}: {link} leaves the site"
            assert target.is_file(), f"{page.relative_to(site)}: {link} is broken"
            if fragment:
                if target not in ids:  # a figure, which a model page shows at its model's entry
                    ids[target] = _parse(target).ids
                assert fragment in ids[target], f"{page.relative_to(site)}: no #{fragment} in {target_path}"
            checked += 1
    assert checked > 1000


def test_no_page_links_to_the_absent_endpoint(parsed):
    assert len(parsed) > 100
    for links in parsed.values():
        assert "sparql" not in links.links


def test_every_iri_has_each_document(site):
    """Every IRI the release uses (entities, graphs, nanopublications and their graphs, hedges)."""
    from roto.namespaces import VERSION
    from roto.store import open_store
    from roto.web.catalogue import Catalogue, document_stem
    from roto.web.descriptions import DOWNLOADS
    from roto.web.published import Published

    published = Published(Catalogue(open_store()), open_store(inferred=True))
    assert len(published.kinds) > 900
    for name in published.kinds:
        for fmt in published.formats(name):
            assert (site / f"{document_stem(name)}.{fmt.suffix}").is_file(), (name, fmt.suffix)
    assert sum(kind == "nanopublication" for kind in published.kinds.values()) == 152
    for name, _ in DOWNLOADS:
        assert (site / name).read_bytes() == (site / VERSION / name).read_bytes()
    assert (site / "roto-inferred.nq").is_file()


@pytest.fixture(scope="module")
def app():
    from roto.web.app import Limits, RotoApp

    application = RotoApp(limits=Limits(workers=1))
    yield application
    application.close()


def test_a_failed_site_build_leaves_the_old_site(tmp_path, roto_cli):
    out = tmp_path / "www"
    out.mkdir()
    (out / "keep.txt").write_text("old site")
    result = roto_cli("site", "-o", str(out), "--public-url", "not a url")
    assert result.returncode == 2 and result.stderr.startswith("roto: error:") and result.stderr.count("\n") == 1
    assert (out / "keep.txt").read_text() == "old site"
    assert [p.name for p in tmp_path.iterdir()] == ["www"]


@pytest.fixture(scope="module")
def apache(site):
    from apache import MODULES, apache_serving
    from conftest import require

    require((shutil.which("apache2") or Path("/usr/sbin/apache2").exists()) and (MODULES / "mod_rewrite.so").exists(),
            "Apache httpd is not installed (Debian package apache2)")
    with apache_serving(site) as port:
        yield port


NANOPUB = "statement/befriending/key-text/10/"  # a nanopublication's IRI ends in / (release.nanopublication_iri)
PATHS = ["", "1.0.0", "model/befriending", "reference/9", "void", "usesResource", "graph/inferred", NANOPUB,
         f"{NANOPUB}assertion", "statement/befriending/reciprocity/hedge/1", "statement/befriending/relationship/family/negation"]
# One policy for both: q-values, aliases (text/plain is N-Triples), wildcards, 406.
ACCEPTS = ["text/html", "text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "*/*", None,
           "text/plain, */*;q=0.1", "text/turtle;q=0.5, application/ld+json", "application/rdf+xml, text/html;q=0.3",
           "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/*", "text/html;q=0, text/turtle",
           "application/trig, */*;q=0.1", "image/png"]


def _served(app, path: str, accept: str | None):
    from wsgiref.util import setup_testing_defaults

    environ = {"REQUEST_METHOD": "GET", **({"HTTP_ACCEPT": accept} if accept else {})}
    setup_testing_defaults(environ)
    return app.route(environ, "GET", "/" + path)


@pytest.mark.server
@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("path", PATHS)
def test_apache_serves_the_site_with_content_negotiation(apache, app, path, accept):
    """The generated .htaccess in a real Apache: the same answer as roto serve (303 to the
    same document, or 406), then the document, with the same bytes for RDF."""
    from http_helpers import fetch

    served = _served(app, path, accept)
    reply = fetch(apache, "GET", "/" + path, headers={"Accept": accept} if accept else {})
    assert reply.status == served.status
    assert "Accept" in reply.headers.get("Vary", "")
    if served.status != 303:
        return
    expected = served.headers["Location"]
    assert urlsplit(reply.headers["Location"]).path == expected
    document = fetch(apache, "GET", expected)
    assert document.status == 200
    answer = _served(app, expected.lstrip("/"), accept)
    assert document.media_type == answer.media_type
    if path not in ("", "void") and not expected.endswith(".html"):  # pages and VoID link the endpoint only when served
        assert document.body == answer.body


@pytest.mark.server
def test_apache_sends_cors_signposting_and_validators(apache):
    from http_helpers import fetch

    preflight = fetch(apache, "OPTIONS", "/model/befriending", headers={"Origin": "http://elsewhere.example",
                                                                        "Access-Control-Request-Method": "GET"})
    assert preflight.status == 204 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    for path in ("/model/befriending", "/model/befriending.ttl", "/roto.ttl"):
        assert fetch(apache, "GET", path).headers["Access-Control-Allow-Origin"] == "*"
    page = fetch(apache, "GET", "/model/befriending.html")
    link = page.headers["Link"]
    assert '<https://w3id.org/roto/model/befriending>; rel="cite-as"' in link
    assert '<https://roto.example.net/roto/model/befriending.ttl>; rel="describedby"; type="text/turtle"' in link
    assert 'rel="license"' in link and '<https://schema.org/AboutPage>; rel="type"' in link
    whole = fetch(apache, "GET", f"/{NANOPUB}index.trig").headers["Link"]  # a folder's index: the IRI ending in /
    assert f'<https://w3id.org/roto/{NANOPUB}>; rel="cite-as"' in whole
    assert f'<https://roto.example.net/roto/{NANOPUB}index.ttl>; rel="describedby"' in whole
    home = fetch(apache, "GET", "/index.html").headers["Link"]
    assert '<https://w3id.org/roto>; rel="cite-as"' in home and 'rel="item"' in home
    assert "Link" not in fetch(apache, "GET", "/tables.html").headers  # a page about no IRI
    again = fetch(apache, "GET", "/model/befriending.ttl", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status == 200  # another document's tag
    document = fetch(apache, "GET", "/model/befriending.ttl")
    assert document.headers["Last-Modified"]
    assert fetch(apache, "GET", "/model/befriending.ttl", headers={"If-None-Match": document.headers["ETag"]}).status == 304


@pytest.fixture(scope="module", params=["On", "Off"])
def w3id(request, site, tmp_path_factory):
    """w3id.org's side: Apache with the generated w3id/.htaccess in a folder roto/."""
    from apache import MODULES, apache_serving
    from conftest import require

    require((shutil.which("apache2") or Path("/usr/sbin/apache2").exists()) and (MODULES / "mod_rewrite.so").exists(),
            "Apache httpd is not installed (Debian package apache2)")
    root = tmp_path_factory.mktemp("w3id")
    (root / "roto").mkdir()
    shutil.copy(site / "w3id" / ".htaccess", root / "roto" / ".htaccess")
    (root / "index.html").write_text("w3id.org")
    with apache_serving(root, extra=f"DirectorySlash {request.param}") as port:
        yield port


@pytest.mark.server
@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "text/plain, */*;q=0.1", "application/ld+json", None,
                                    "image/png"])
@pytest.mark.parametrize("path", ["roto", *PATHS])
def test_w3id_rules_send_each_iri_to_its_document(w3id, app, path, accept):
    """Under DirectorySlash On and Off: one 303 straight to the site's document (the
    ontology IRI with no trailing slash too), 406 as roto serve."""
    from http_helpers import fetch

    served = _served(app, "" if path == "roto" else path, accept)
    reply = fetch(w3id, "GET", "/" + path if path == "roto" else "/roto/" + path, headers={"Accept": accept} if accept else {})
    assert reply.status == served.status
    if served.status == 303:
        assert reply.headers["Location"] == "https://roto.example.net/roto" + served.headers["Location"]
    assert reply.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.server
def test_w3id_hands_a_nanopublication_whole_to_the_site(w3id):
    from http_helpers import fetch

    reply = fetch(w3id, "GET", f"/roto/{NANOPUB}", headers={"Accept": "application/trig"})
    assert (reply.status, reply.headers["Location"]) == (303, f"https://roto.example.net/roto/{NANOPUB}")
    slashed = fetch(w3id, "GET", "/roto/statement/demo/", headers={"Accept": "text/turtle"})  # an IRI ending in /
    assert (slashed.status, slashed.headers["Location"]) == (303, "https://roto.example.net/roto/statement/demo/index.ttl")
    preflight = fetch(w3id, "OPTIONS", "/roto/model/befriending")
    assert preflight.status == 204 and "GET" in preflight.headers["Access-Control-Allow-Methods"]


@pytest.mark.server
def test_apache_shows_the_query_behind_each_table_as_roto_serve_does(apache, app, site):
    """Every query text the tables page links to: in the site, and served by Apache as text."""
    from wsgiref.util import setup_testing_defaults

    from http_helpers import fetch

    texts = [link for link in _parse(site / "tables.html").links if link.startswith("queries/")]
    assert "queries/review-table.rq" in texts
    for link in dict.fromkeys(texts):
        environ = {"REQUEST_METHOD": "GET"}
        setup_testing_defaults(environ)
        served = app.route(environ, "GET", "/" + link)
        reply = fetch(apache, "GET", "/" + link)
        assert reply.status == served.status == 200 and reply.body == served.body == (site / link).read_bytes()
        assert reply.media_type == served.media_type == "text/plain", link


USERS_FILES = {"draft.docx": b"the user's draft", "notes/todo.txt": b"mine", "model/my-model.txt": b"mine too"}


OTHER_VERSION = "0.9.0/roto.ttl"  # a file an earlier build wrote for another version


PUBLIC_URL = "https://roto.example.net/roto/"
# The files that name the public URL: the only ones in which the site fixture (PUBLIC_URL) and
# the session's render (conftest.site_pickle, at the root of roto.example.net) may differ.
URL_FILES = {".htaccess", "w3id/.htaccess"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def rendered_here(site_pickle) -> dict[str, bytes]:
    """The site as this test process renders it for PUBLIC_URL: the session's render, with the
    files naming the public URL rendered anew (only they depend on it, see below)."""
    import pickle

    from roto.web.site import site_plan

    files = pickle.loads(site_pickle.read_bytes())
    plan = site_plan(PUBLIC_URL)
    assert plan.keys() == files.keys()
    return files | {path: plan[path]() for path in URL_FILES}


@pytest.fixture(scope="module")
def rebuilt(site, rendered_here, tmp_path_factory) -> Path:
    """The site written again over a copy of the first to which the user added files of their
    own, in which they edited one of roto site's pages, and whose manifest lists a file of
    another version, as a build of that version would have. Written by `write_site`, what
    `roto site` runs, from the files `rendered_here` (the subject is what a rewrite keeps)."""
    from roto.web import site as site_module

    out = tmp_path_factory.mktemp("rebuilt") / "www"
    shutil.copytree(site, out)
    for name, data in USERS_FILES.items():
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_bytes(data)
    (out / "index.html").write_text("an edited page")  # roto site's own: replaced
    (out / OTHER_VERSION).parent.mkdir()
    (out / OTHER_VERSION).write_bytes(b"# the 0.9.0 release\n")
    with (out / ".roto-site").open("a") as manifest:
        manifest.write(OTHER_VERSION + "\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_module, "site_plan", lambda url: {path: (lambda data=data: data) for path, data in rendered_here.items()})
        site_module.write_site(out, PUBLIC_URL)
    return out


def test_site_builds_are_byte_identical(site, site_pickle, rendered_here):
    """`roto site` and the session's render, two processes, wrote the same bytes, except in the
    files naming the public URL, which are those rendered here for the same URL."""
    import pickle

    from roto.web.site import MANIFEST

    first = _files(site)
    other_url = pickle.loads(site_pickle.read_bytes())
    assert {name for name in other_url if other_url[name] != first[name]} == URL_FILES
    assert first.keys() == rendered_here.keys() | {MANIFEST}
    assert [name for name in rendered_here if first[name] != rendered_here[name]] == []


def test_a_rebuild_writes_the_files_of_the_first_build(site, rebuilt):
    """Every file the rewrite wrote (all but the user's and the other version's, which it kept)
    is the first build's, the manifest included."""
    first, second = _files(site), _files(rebuilt)
    assert second.keys() - first.keys() == {*USERS_FILES, OTHER_VERSION}
    assert [name for name in first if first[name] != second[name]] == []


def test_a_folder_that_is_not_a_site_is_refused_and_kept(tmp_path, roto_cli):
    from conftest import assert_refused

    (tmp_path / "draft.docx").write_bytes(b"the user's draft")
    assert_refused(roto_cli("site", "-o", str(tmp_path)), "is not empty and is not a site written by roto site")
    assert [p.name for p in tmp_path.iterdir()] == ["draft.docx"]


def test_a_rebuild_keeps_the_files_of_other_versions(rebuilt):
    """Each version IRI keeps serving its own files: a new build keeps earlier versions' folders."""
    assert (rebuilt / OTHER_VERSION).read_bytes() == b"# the 0.9.0 release\n"


def test_rewriting_a_site_keeps_the_files_roto_did_not_write(site, rebuilt):
    assert {name: (rebuilt / name).read_bytes() for name in USERS_FILES} == USERS_FILES
    assert (rebuilt / "index.html").read_bytes() == (site / "index.html").read_bytes()


def test_a_users_file_where_the_new_site_writes_is_refused(site, tmp_path, roto_cli):
    from conftest import assert_refused

    out = tmp_path / "www"
    out.mkdir()
    (out / ".roto-site").write_text("about-the-old-site.html\n")
    (out / "index.html").write_text("the user's own home page")
    assert_refused(roto_cli("site", "-o", str(out)), "index.html was not written by roto site")
    assert (out / "index.html").read_text() == "the user's own home page"


@pytest.mark.parametrize("url", ["https://roto.example.net/roto/\n", "https://roto.example.net/roto/\r\nRewriteRule x",
                                 " https://roto.example.net/", "https://roto.example.net/a b/", "https://roto.example.net/\t",
                                 "https://roto.example.net/$1/", "https://roto.example.net/?x=1", "ftp://roto.example.net/"])
def test_a_public_url_that_would_break_the_w3id_rules_is_refused(tmp_path, url, roto_cli):
    from conftest import assert_refused

    assert_refused(roto_cli("site", "-o", str(tmp_path / "www"), "--public-url", url), "--public-url")
    assert list(tmp_path.iterdir()) == []


def test_a_site_under_a_file_is_one_line(tmp_path, roto_cli):
    from conftest import assert_refused

    (tmp_path / "notes.txt").write_text("mine")
    assert_refused(roto_cli("site", "-o", str(tmp_path / "notes.txt" / "www")), "a folder on its path is a file")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def text_of(page: Path) -> str:
    import html

    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())
    return re.sub(r" ([.,;)])", r"\1", text)


def test_pages_show_every_hedge_with_its_references(site):
    """Model pages, the tables page and a reference's page show the review's hedges (one reader)."""
    systemic = text_of(site / "model" / "systemic-family-therapy.html")
    assert "Hedged: arguable (references 35-38)." in systemic and "Hedged: can be seen as (references 35-38)." in systemic
    psw = text_of(site / "model" / "peer-support-workers.html")
    assert "Hedged: leans towards reciprocity (references 26)." in psw
    assert "Joint claim with Self-help groups." in psw
    tables = text_of(site / "tables.html")
    assert tables.count("Yes [") == 12, "six hedged or joint cells in each table"
    assert "Self-help groups, Recreational activities: typically, not always [29]." in tables
    ref26 = text_of(site / "reference" / "26.html")
    assert "peer-support-workers/reciprocity" in ref26, "reference 26 supports the hedge on the one-way judgement"
    home = text_of(site / "index.html")
    for heading in ("The review's method", "Inclusion criteria for the models", "Limitations the review acknowledges",
                    "What the review concludes"):
        assert heading in home
    limitation = text_of(site / "claim" / "simplified-characterisation.html")
    assert "Hedged: can be seen as." in limitation


@pytest.mark.server
def test_apache_resolves_an_iri_ending_in_a_slash_to_its_folders_index(site, tmp_path):
    """Nanopublication IRIs ending in / (as nanopub tools want them) have their documents at
    …/index.* (roto.web.published.document_stem); the site's rules send them there."""
    from apache import MODULES, apache_serving
    from conftest import require
    from http_helpers import fetch

    require((shutil.which("apache2") or Path("/usr/sbin/apache2").exists()) and (MODULES / "mod_rewrite.so").exists(),
            "Apache httpd is not installed (Debian package apache2)")
    www = tmp_path / "www"
    (www / "statement" / "demo").mkdir(parents=True)
    shutil.copy(site / ".htaccess", www / ".htaccess")
    (www / "index.html").write_text("home")
    for suffix in ("html", "ttl", "jsonld", "rdf", "nt", "trig", "nq"):
        (www / "statement" / "demo" / f"index.{suffix}").write_text(suffix)
    with apache_serving(www) as port:
        for accept, target in (("text/turtle", "index.ttl"), ("application/trig", "index.trig"), ("text/html", "index.html"),
                               ("text/plain", "index.nt")):
            reply = fetch(port, "GET", "/statement/demo/", headers={"Accept": accept})
            assert (reply.status, urlsplit(reply.headers["Location"]).path) == (303, f"/statement/demo/{target}")
        assert fetch(port, "GET", "/statement/demo/", headers={"Accept": "image/png"}).status == 406
        assert fetch(port, "GET", "/statement/demo/index.trig").body == b"trig"


def test_catalogue_reads_statements_when_first_asked_in_a_stated_order():
    """The app's start indexes the entities only (a large project has hundreds of thousands
    of statements); a statement's locators come in the order of their IRIs, whatever order
    the engine reads them in."""
    from roto.store import open_store
    from roto.web.catalogue import Catalogue

    catalogue = Catalogue(open_store())
    assert catalogue.of_type("https://w3id.org/roto/TherapeuticModel") and "statements" not in vars(catalogue)
    located = [st for st in catalogue.statements if len(st.locators) > 1]
    assert located and all(st.locators == sorted(st.locators) for st in located)
    assert catalogue.about("https://w3id.org/roto/model/open-dialogue")


def test_answers_are_kept_per_store_only_inside_answers_kept():
    """The site asks the same questions from many pages: within `answers_kept` each is answered once per store."""
    import pyoxigraph as ox

    from roto.engine import LocalEngine, answers_kept

    def quad(value: str) -> ox.Quad:
        return ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal(value),
                       ox.NamedNode("http://example.org/g"))

    store, query = ox.Store(), "SELECT ?o WHERE { ?s ?p ?o }"
    store.add(quad("1"))
    with answers_kept():
        first = LocalEngine(store).query(query)
        store.add(quad("2"))  # (the scope is for stores that do not change: a change is not seen)
        assert LocalEngine(store).query(query) is first
        assert len(LocalEngine(ox.Store()).query(query)) == 0  # another store is asked
    assert len(LocalEngine(store).query(query)) == 2
