"""The site for people (issue 15, item 6): search, table cells that lead to their evidence,
downloads, a cite block, tables usable on a phone, SPARQL errors that say how to fix them,
result IRIs as links. The browser tests drive headless Chromium (`chromium.py`) on both
`roto serve` and the static site under a real Apache, and keep their screenshots."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import require, run_roto
from http_helpers import fetch, links, running

PREFIX_ERROR = "add PREFIX roto: <https://w3id.org/roto/>"


@pytest.fixture(scope="module")
def app():
    from roto.web.app import Limits, RotoApp

    application = RotoApp(limits=Limits(workers=1))
    yield application
    application.close()


@pytest.fixture(scope="module")
def served(app):
    with running(app) as port:
        yield port


@pytest.fixture(scope="module")
def apache(site_files, tmp_path_factory):
    from apache import MODULES, apache_serving

    require((shutil.which("apache2") or Path("/usr/sbin/apache2").exists()) and (MODULES / "mod_rewrite.so").exists(),
            "Apache httpd is not installed (Debian package apache2)")
    out = tmp_path_factory.mktemp("static") / "www"
    for path, data in site_files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    with apache_serving(out) as port:
        yield port


@pytest.fixture(params=["roto serve", "static site under Apache"])
def base(request) -> str:
    port = request.getfixturevalue("served" if request.param == "roto serve" else "apache")
    return f"http://127.0.0.1:{port}/"




def problems(page) -> list[str]:
    """What the page reported, but for the favicon.ico browsers ask for by themselves (the site has none)."""
    return [p for p in page.problems() if not p.endswith("/favicon.ico")]


# -- search ------------------------------------------------------------------------------------
def results(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('#search-results li > a')].map(a => a.textContent)")


@pytest.mark.browser
def test_search_finds_models_features_and_references(browser, base, store, tmp_path):
    from roto.tables import table_cells
    from roto.web.catalogue import Catalogue

    page = browser.page(1280, 900)
    page.goto(base + "search.html")
    page.wait_for("document.body.dataset.searchReady === 'yes'")
    page.type("#search-query", "family")
    page.wait_for("document.querySelectorAll('#search-results li').length > 0")
    found = results(page)
    users = {c.model_label for c in table_cells("relationships", store) if c.column_label == "Family" and c.value == "Yes"}
    assert found[:2] == ["Systemic family therapy", "Family"]  # label hits first
    assert users <= set(found) and "Befriending" not in found  # models found by what they draw on
    page.screenshot(tmp_path / f"search-family-{urlsplit(base).port}.png")
    # a reference by an author the review names, and the link leads to its page
    page.evaluate("document.getElementById('search-query').value = ''")
    page.type("#search-query", "seikkula")
    page.wait_for("document.querySelector('#search-status').textContent.includes('seikkula')")
    references = sorted(f"[{e.number}] {e.authors}" for e in Catalogue(store).of_type("https://w3id.org/roto/Reference")
                        if "Seikkula" in (e.authors or ""))
    assert references and sorted(results(page)) == references
    page.click("#search-results li > a")
    page.wait_for("location.pathname.startsWith('/reference/')")
    assert page.evaluate("document.querySelector('h1').textContent") in references[0]
    # a query from the address (the search box in every page's menu sends one)
    page.goto(base + "search.html?q=peer+support")
    page.wait_for("document.querySelectorAll('#search-results li').length > 0")
    assert results(page)[0] == "Peer support workers"
    assert not problems(page), page.problems()


# -- table cells lead to their evidence ------------------------------------------------------------
def test_every_table_cell_links_to_the_row_that_gives_its_evidence(site_files, store):
    from roto.tables import table_cells

    tables = site_files["tables.html"].decode()
    cells = [a for a in links(tables) if "#" in a["href"] and a["href"].startswith("model/")]
    expected = table_cells("resources", store) + table_cells("relationships", store)
    assert len(cells) == len(expected)
    for cell, link in zip(expected, cells, strict=True):
        path, fragment = link["href"].split("#")
        assert path == cell.model[len("https://w3id.org/roto/"):] + ".html"
        model_page = site_files[path].decode()
        row = re.search(rf'<tr id="{re.escape(fragment)}">(.*?)</tr>', model_page, re.DOTALL)
        assert row, link["href"]
        assert cell.column_label in html.unescape(row[1])
        shown = "explicitly utilised" if cell.value == "Yes" else "not explicitly utilised" if cell.value == "blank" else "not stated"
        assert shown in row[1], (link["href"], cell.value)
        if cell.value != "unstated":
            assert "Where:" in row[1], link["href"]  # the statement's evidence is on that row


@pytest.mark.browser
def test_clicking_a_cell_lands_on_its_evidence(browser, served, tmp_path):
    page = browser.page(1280, 900)
    page.goto(f"http://127.0.0.1:{served}/tables.html")
    page.click("#table-relationships a[href='model/open-dialogue.html#relationship-family']")
    page.wait_for("location.hash === '#relationship-family'")
    page.wait_for("document.querySelector(':target') !== null")  # the new page, loaded: its row is the target
    assert page.evaluate("location.pathname") == "/model/open-dialogue.html"
    row = page.evaluate("document.querySelector(':target').innerText")
    assert row.startswith("Family") and "explicitly utilised" in row and "Where:" in row
    top = page.evaluate("document.querySelector(':target').getBoundingClientRect().top")
    assert 0 <= top < page.evaluate("innerHeight")  # scrolled to, in view
    page.screenshot(tmp_path / "cell-evidence-open-dialogue-family.png")


# -- 390 px ----------------------------------------------------------------------------------------
@pytest.mark.browser
def test_every_column_of_table_1_can_be_reached_at_390_px(browser, base, tmp_path):
    page = browser.page(390, 844)
    page.goto(base + "tables.html")
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the page itself does not overflow
    headers = page.evaluate("[...document.querySelectorAll('#table-resources tr:first-child th')].map(th => th.textContent)")
    assert len(headers) == 7
    page.screenshot(tmp_path / f"table1-390px-start-{urlsplit(base).port}.png")
    for i, header in enumerate(headers):
        seen = page.evaluate(f"""(() => {{
            const th = document.querySelectorAll('#table-resources tr:first-child th')[{i}];
            th.scrollIntoView({{block: 'center', inline: 'end'}});
            const r = th.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            const model = document.querySelector('#table-resources tr:nth-child(2) th').getBoundingClientRect();
            return {{left: r.left, right: r.right, top: hit === th || th.contains(hit), model: [model.left, model.right]}};
        }})()""")
        assert seen["left"] >= 0 and seen["right"] <= width + 0.5, (header, seen)
        assert seen["top"], f"{header} is covered"  # not hidden behind the sticky model column
        assert seen["model"][0] >= 0 and seen["model"][1] <= width, seen  # the model names stay in view
    page.screenshot(tmp_path / f"table1-390px-end-{urlsplit(base).port}.png")


# -- the figure on a model page ----------------------------------------------------------------------
def vermilion(shot: Path, box: list[float]):
    """The vermilion pixels (#D55E00, the colour that sets a model apart) of the screenshot
    inside `box` (x, y, width, height), as (x, y) arrays in fractions of the box."""
    import numpy as np
    from PIL import Image

    x, y, width, height = box
    pixels = np.asarray(Image.open(shot).convert("RGB").crop((round(x), round(y), round(x + width), round(y + height))),
                        dtype=int)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    rows, columns = np.nonzero((red > 170) & (green > 60) & (green < 130) & (blue < 60))
    return columns / pixels.shape[1], rows / pixels.shape[0]


@pytest.mark.browser
def test_a_model_page_sets_its_own_model_apart_in_the_one_figure(browser, base, site_files, tmp_path):
    """Each model page shows figures/dimensions.svg at its model's entry: the browser draws
    that model's marker, label (and arrow) in vermilion, and nothing else."""
    import xml.etree.ElementTree as ET

    svg = ET.fromstring(site_files["figures/dimensions.svg"])
    _, _, svg_width, svg_height = (float(v) for v in svg.get("viewBox").split())
    labels = {g.get("id"): g.find("{http://www.w3.org/2000/svg}text") for g in svg.iter("{http://www.w3.org/2000/svg}g")}
    for model in ("open-dialogue", "peer-support-workers"):  # the second with its arrow
        page = browser.page(1280, 900)
        page.goto(f"{base}model/{model}.html")
        box = page.evaluate("(() => { const img = document.querySelector('figure img'); img.scrollIntoView(); "
                            "const r = img.getBoundingClientRect(); return img.complete && [r.x, r.y, r.width, r.height]; })()")
        xs, ys = vermilion(page.screenshot(tmp_path / f"figure-{model}-{urlsplit(base).port}.png"), box)
        label = labels[f"model-{model}"]
        x, y = float(label.get("x")) / svg_width, float(label.get("y")) / svg_height  # the label's start, on its baseline
        assert len(xs) > 100, f"{model}: its entry is not set apart"
        assert abs(ys - y).max() < 8 / svg_height, f"{model}: vermilion off the model's line"  # 8 pt: its marker and label
        assert x - 55 / svg_width < xs.min() < x and xs.max() < x + 130 / svg_width, model  # arrow, marker, label
        assert not problems(page), page.problems()


# -- downloads and citing ----------------------------------------------------------------------------
def download_links(files: dict[str, bytes]) -> set[str]:
    """Every link marked for download on any page, resolved to a site path."""
    found = set()
    for path, data in files.items():
        if path.endswith(".html") and not path.startswith("tables/"):
            for a in links(data.decode()):
                if "download" in a:
                    found.add(urlsplit(urljoin("http://x/" + path, a["href"])).path.lstrip("/"))
    return found


def test_every_download_link_resolves_on_the_static_site_and_when_served(site_files, app, served):
    from roto.figures.registry import FIGURES
    from roto.web.descriptions import DOWNLOADS

    wanted = ({f"tables/{t}.{s}" for t in ("resources", "relationships") for s in ("csv", "json", "md", "tex", "html")}
              | {f"figures/{f}.{s}" for f in FIGURES for s in ("svg", "png", "pdf")}
              | {name for name, _ in DOWNLOADS} | {"cite/roto.bib", "cite/roto.ris", "cite/roto-csl.json"})
    found = download_links(site_files)
    assert found == wanted
    for path in sorted(found):
        assert path in site_files, path
        reply = fetch(served, "GET", "/" + path)
        assert reply.status == 200, path
        if path.startswith(("tables/", "cite/")) or path.endswith(".svg"):
            assert reply.body == site_files[path], path
    magic = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml"}
    for path in found:
        suffix = path.rsplit(".", 1)[1]
        if path.startswith("figures/"):
            assert site_files[path].startswith(magic[suffix]), path


def test_downloaded_tables_are_those_of_roto_table(site_files):
    for name in ("resources", "relationships"):
        result = run_roto("table", name, "--format", "json")
        assert result.returncode == 0, result.stderr
        assert json.loads(site_files[f"tables/{name}.json"]) == json.loads(result.stdout)
        csv = run_roto("table", name, "--format", "csv")
        assert site_files[f"tables/{name}.csv"].decode() == csv.stdout


def test_the_cite_block_parses(site_files):
    bibtexparser = pytest.importorskip("bibtexparser")
    index = site_files["index.html"].decode()
    block = re.search(r'<section id="cite">.*?<pre>(.*?)</pre>', index, re.DOTALL)
    assert block
    library = bibtexparser.parse_string(html.unescape(block[1]))
    assert not library.failed_blocks
    entries = {e.entry_type: e for e in library.entries}
    assert set(entries) == {"article", "software"}
    assert entries["article"].fields_dict["doi"].value == "10.1192/bjp.bp.113.135038"
    assert entries["software"].fields_dict["url"].value == "https://w3id.org/roto/"
    assert html.unescape(block[1]) == site_files["cite/roto.bib"].decode()
    assert run_roto("cite").stdout == site_files["cite/roto.bib"].decode()
    assert len(json.loads(site_files["cite/roto-csl.json"])) == 2
    assert site_files["cite/roto.ris"].decode().count("ER  - ") == 2


# -- the SPARQL form ------------------------------------------------------------------------------------
def test_a_missing_prefix_names_the_line_to_add_as_the_cli_does(served):
    query = "SELECT ?m WHERE { ?m a roto:TherapeuticModel }"
    reply = fetch(served, "GET", "/sparql", params={"query": query}, headers={"Accept": "text/html"})
    assert reply.status == 400
    alert = html.unescape(re.search(r'<p role="alert">(.*?)</p>', reply.text, re.DOTALL)[1])
    assert PREFIX_ERROR in alert and "\\u{" not in alert and "U+" not in alert and len(alert) < 200
    cli = run_roto("sparql", query)
    assert cli.returncode == 2 and alert.split("error at ", 1)[1] in cli.stderr


def test_result_iris_are_links(served, store):
    query = ("PREFIX roto: <https://w3id.org/roto/>\nSELECT ?m ?type ?odd WHERE { ?m a roto:TherapeuticModel ; a ?type . "
             "BIND(IRI('javascript:alert(1)') AS ?odd) } ORDER BY ?m ?type")
    reply = fetch(served, "GET", "/sparql", params={"query": query}, headers={"Accept": "text/html"})
    assert reply.status == 200
    found = {a["text"]: a["href"] for a in links(reply.text)}
    models = [row["m"].value for row in store.query("PREFIX roto: <https://w3id.org/roto/> "
                                                     "SELECT ?m { ?m a roto:TherapeuticModel }",
                                                     use_default_graph_as_union=True)]
    assert len(models) == 10
    for model in models:
        assert found[model] == model[len("https://w3id.org/roto/"):] + ".html"
        assert fetch(served, "GET", "/" + found[model]).status == 200
    owl = "http://www.w3.org/2002/07/owl#NamedIndividual"
    assert found.get(owl) == owl  # outside ROTO: the IRI itself
    assert "javascript:alert(1)" in reply.text and not any(h.startswith("javascript:") for h in found.values())


# -- the network figure ----------------------------------------------------------------------------------
def test_the_network_is_ordered_so_that_fewer_lines_cross(store):
    pytest.importorskip("matplotlib")
    from roto.figures.drawings import crossings, network_order
    from roto.tables import table_cells

    sides = {name: table_cells(name, store) for name in ("resources", "relationships")}
    models = list(dict.fromkeys(c.model for cells in sides.values() for c in cells))
    columns = {name: list(dict.fromkeys(c.column for c in cells)) for name, cells in sides.items()}
    used = {name: {(c.column, c.model) for c in cells if c.value == "Yes"} for name, cells in sides.items()}

    def total(m, left, right):
        return crossings(left, m, used["resources"]) + crossings(right, m, used["relationships"])
    ordered = network_order(models, columns["resources"], columns["relationships"], used["resources"], used["relationships"])
    assert sorted(ordered[0]) == sorted(models)
    assert total(*ordered) < 0.6 * total(models, columns["resources"], columns["relationships"])
    assert network_order(models, columns["resources"], columns["relationships"], set(used["resources"]),
                         used["relationships"]) == ordered
