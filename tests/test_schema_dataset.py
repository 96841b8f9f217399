"""schema.org `Dataset` JSON-LD in every landing page, on the static site and from
`roto serve`: it parses as JSON-LD offline (rdflib and pyld, no remote context) and says
what the release holds."""

import json
import re

import pytest

from conftest import ROOT
from http_helpers import fetch, running

# rdflib's own JSON-LD parser uses the ConjunctiveGraph it deprecates
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

SCHEMA = "https://schema.org/"
SCRIPT = re.compile(r'<script type="application/ld\+json">\n(.*?)\n</script>', re.S)


@pytest.fixture(scope="module")
def pages():
    from roto.store import open_store
    from roto.web.catalogue import Catalogue
    from roto.web.pages import Pages

    return Pages(Catalogue(open_store()), endpoint=False)


def _blocks(html: str) -> list[dict]:
    return [json.loads(block) for block in SCRIPT.findall(html)]


def _no_network(url, options=None):
    raise AssertionError(f"tried to fetch {url}")


def check_dataset(document: dict) -> None:
    """What a Dataset says, read through two JSON-LD processors."""
    from pyld import jsonld
    from rdflib import RDF, Graph, URIRef

    from roto.namespaces import CONTRIBUTORS_IRI, LICENCE_IRI, RELEASE_FILES, VERSION
    from roto.web.descriptions import VOID_IRI

    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    dataset = URIRef(VOID_IRI)
    assert (dataset, RDF.type, URIRef(SCHEMA + "Dataset")) in graph
    assert str(graph.value(dataset, URIRef(SCHEMA + "license"))) == LICENCE_IRI
    assert str(graph.value(dataset, URIRef(SCHEMA + "version"))) == VERSION
    assert str(graph.value(dataset, URIRef(SCHEMA + "creator"))) == CONTRIBUTORS_IRI
    downloads = list(graph.objects(dataset, URIRef(SCHEMA + "distribution")))
    urls = {str(graph.value(d, URIRef(SCHEMA + "contentUrl"))) for d in downloads}
    assert urls == {"https://w3id.org/roto/" + name for name in RELEASE_FILES}
    for d in downloads:
        name = str(graph.value(d, URIRef(SCHEMA + "name")))
        assert str(graph.value(d, URIRef(SCHEMA + "contentSize"))) == f"{(ROOT / 'release' / name).stat().st_size} B"
    expanded = jsonld.expand(document, {"documentLoader": _no_network})
    assert expanded[0]["@type"] == [SCHEMA + "Dataset"]


@pytest.mark.parametrize("page", ["index.html", "ontology.html", "void.html", "downloads.html"])
def test_every_site_landing_page_holds_the_dataset(pages, page):
    (document,) = _blocks(pages.render(page))
    check_dataset(document)


def test_other_pages_do_not_claim_to_be_the_dataset(pages):
    assert _blocks(pages.render("model/open-dialogue.html")) == []


def test_roto_serve_landing_pages_hold_the_dataset():
    from roto.web.app import RotoApp

    with running(RotoApp()) as port:
        for path in ("/index.html", "/ontology.html", "/void.html", "/downloads.html"):
            reply = fetch(port, "GET", path, headers={"Accept": "text/html"})
            assert reply.status == 200, path
            (document,) = _blocks(reply.body.decode("utf-8"))
            check_dataset(document)


def test_the_script_block_cannot_be_closed_from_inside():
    from roto.web.dataset_metadata import script_block

    text = script_block({"name": "</script><script>alert(1)</script> & more"})
    assert "</" not in text and "<" not in text and json.loads(text)["name"].startswith("</script>")
