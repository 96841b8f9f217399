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
SUFFIXES = ("html", "ttl", "jsonld", "rdf", "nt")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "www"
    result = run_roto("site", "-o", str(out), "--public-url", "https://roto.example.net/roto/")
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


def test_every_internal_link_resolves_inside_the_site(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    parsed = {p: _parse(p) for p in pages}
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
                assert fragment in parsed[target].ids, f"{page.relative_to(site)}: no #{fragment} in {target_path}"
            checked += 1
    assert checked > 1000


def test_no_page_links_to_the_absent_endpoint(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        assert "sparql" not in _parse(page).links


def test_every_iri_has_each_document(site, store):
    from roto.web.catalogue import Catalogue

    served = Catalogue(store).served_iris()
    assert len(served) > 100
    for iri in served:
        for suffix in SUFFIXES:
            assert (site / f"{iri[len(BASE):]}.{suffix}").is_file(), (iri, suffix)
    from roto.build.release import RELEASE_FILES

    for name in RELEASE_FILES:
        assert (site / name).is_file()


def _apache(htaccess: str, path: str, accept: str) -> str | None:
    """The target of the first matching RewriteRule, evaluating HTTP_ACCEPT conditions as Apache does."""
    conditions: list[str] = []
    for raw in htaccess.splitlines():
        line = raw.strip()
        if line.startswith("RewriteCond %{HTTP_ACCEPT}"):
            conditions.append(line.split(None, 2)[2])
        elif line.startswith("RewriteRule"):
            _, pattern, target, _flags = line.split()
            match = re.search(pattern, path)
            if match and all(re.search(c, accept) for c in conditions):
                return match.expand(target.replace("$", "\\"))
            conditions = []
    return None


@pytest.fixture(scope="module")
def app():
    from roto.web.app import Limits, RotoApp

    application = RotoApp(limits=Limits(workers=1))
    yield application
    application.close()


@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json", "application/rdf+xml",
                                    "application/n-triples", "*/*",
                                    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"])
@pytest.mark.parametrize("path", ["", "1.0.0", "model/befriending", "reference/9", "void", "usesResource"])
def test_htaccess_negotiates_like_the_server(site, app, path, accept):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/" + path, "HTTP_ACCEPT": accept}
    expected = app.route(environ, "GET", "/" + path).headers["Location"].lstrip("/")
    assert _apache((site / ".htaccess").read_text(), path, accept) == expected
    w3id = _apache((site / "w3id" / ".htaccess").read_text(), path, accept)
    assert w3id == "https://roto.example.net/roto/" + expected
    assert (site / expected).is_file()


def test_a_failed_site_build_leaves_the_old_site(tmp_path):
    out = tmp_path / "www"
    out.mkdir()
    (out / "keep.txt").write_text("old site")
    result = run_roto("site", "-o", str(out), "--public-url", "not a url")
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


@pytest.mark.server
@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json", "application/rdf+xml",
                                    "application/n-triples", "*/*"])
@pytest.mark.parametrize("path", ["", "model/befriending", "reference/9", "void", "usesResource"])
def test_apache_serves_the_site_with_content_negotiation(apache, app, path, accept):
    """The generated .htaccess in a real Apache: the same 303 target as roto serve, then the document."""
    from wsgiref.util import setup_testing_defaults

    from http_helpers import fetch

    environ = {"REQUEST_METHOD": "GET", "HTTP_ACCEPT": accept}
    setup_testing_defaults(environ)
    expected = app.route(environ, "GET", "/" + path).headers["Location"]
    reply = fetch(apache, "GET", "/" + path, headers={"Accept": accept})
    assert reply.status == 303
    assert urlsplit(reply.headers["Location"]).path == expected
    assert "Accept" in reply.headers.get("Vary", "")
    document = fetch(apache, "GET", expected)
    assert document.status == 200
    served = app.route(environ, "GET", expected)
    assert document.media_type == served.media_type
    if path not in ("", "void") and not expected.endswith(".html"):  # pages and VoID link the endpoint only when served
        assert document.body == served.body


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


@pytest.fixture(scope="module")
def rebuilt(site, tmp_path_factory) -> Path:
    """The site written again, by a second process, over a copy of the first to which the
    user added files of their own and in which they edited one of roto site's pages."""
    out = tmp_path_factory.mktemp("rebuilt") / "www"
    shutil.copytree(site, out)
    for name, data in USERS_FILES.items():
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_bytes(data)
    (out / "index.html").write_text("an edited page")  # roto site's own: replaced
    result = run_roto("site", "-o", str(out), "--public-url", "https://roto.example.net/roto/")
    assert result.returncode == 0, result.stderr
    return out


def test_site_builds_are_byte_identical(site, rebuilt):
    """Every file the second run wrote (all but the user's, which it kept) is byte for byte
    the first run's."""
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(rebuilt): p.read_bytes() for p in rebuilt.rglob("*") if p.is_file()}
    assert second.keys() - first.keys() == {Path(name) for name in USERS_FILES}
    assert first.keys() <= second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_folder_that_is_not_a_site_is_refused_and_kept(tmp_path):
    from conftest import assert_refused

    (tmp_path / "draft.docx").write_bytes(b"the user's draft")
    assert_refused(run_roto("site", "-o", str(tmp_path)), "is not empty and is not a site written by roto site")
    assert [p.name for p in tmp_path.iterdir()] == ["draft.docx"]


def test_rewriting_a_site_keeps_the_files_roto_did_not_write(site, rebuilt):
    assert {name: (rebuilt / name).read_bytes() for name in USERS_FILES} == USERS_FILES
    assert (rebuilt / "index.html").read_bytes() == (site / "index.html").read_bytes()


def test_a_users_file_where_the_new_site_writes_is_refused(site, tmp_path):
    from conftest import assert_refused

    out = tmp_path / "www"
    out.mkdir()
    (out / ".roto-site").write_text("about-the-old-site.html\n")
    (out / "index.html").write_text("the user's own home page")
    assert_refused(run_roto("site", "-o", str(out)), "index.html was not written by roto site")
    assert (out / "index.html").read_text() == "the user's own home page"


@pytest.mark.parametrize("url", ["https://roto.example.net/roto/\n", "https://roto.example.net/roto/\r\nRewriteRule x",
                                 " https://roto.example.net/", "https://roto.example.net/a b/", "https://roto.example.net/\t",
                                 "https://roto.example.net/$1/", "https://roto.example.net/?x=1", "ftp://roto.example.net/"])
def test_a_public_url_that_would_break_the_w3id_rules_is_refused(tmp_path, url):
    from conftest import assert_refused

    assert_refused(run_roto("site", "-o", str(tmp_path / "www"), "--public-url", url), "--public-url")
    assert list(tmp_path.iterdir()) == []


def test_a_site_under_a_file_is_one_line(tmp_path):
    from conftest import assert_refused

    (tmp_path / "notes.txt").write_text("mine")
    assert_refused(run_roto("site", "-o", str(tmp_path / "notes.txt" / "www")), "a folder on its path is a file")
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
