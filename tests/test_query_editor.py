"""The endpoint's query editor (YASGUI, vendored) and "the query behind" each table and figure
(issue 11, item 5): the editor starts in headless Chromium under the pages' content security
policy, runs an example and shows its rows; every canned query is offered as an example; the
form still works without JavaScript; every table and figure links to its queries."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pyoxigraph as ox
import pytest

from http_helpers import fetch, links, running


@pytest.fixture(scope="module")
def served():
    from roto.web.app import Limits, RotoApp

    with running(RotoApp(limits=Limits(workers=1))) as port:
        yield port




def get(port: int, path: str, accept: str = "*/*"):
    return fetch(port, "GET", path, headers={"Accept": accept})


def page(port: int, path: str) -> str:
    reply = get(port, path, "text/html")
    assert reply.status == 200, path
    return reply.text


def test_every_canned_query_is_an_example_on_the_query_page(served):
    from roto.canned import all_queries

    queries = all_queries()
    assert len(queries) >= 29
    offered = {a["data-example"]: a for a in links(page(served, "/sparql")) if "data-example" in a}
    assert set(offered) == set(queries)
    for name, query in queries.items():
        assert offered[name]["text"] == query.title
        reply = get(served, "/" + offered[name]["data-text"])  # the text the editor loads
        assert reply.status == 200 and reply.media_type == "text/plain"
        assert reply.body == query.path.read_bytes()


def test_an_example_runs_in_the_form_without_javascript(served, store):
    from roto.canned import get_query

    href = next(a["href"] for a in links(page(served, "/sparql")) if a.get("data-example") == "models")
    html = page(served, "/" + href)
    expected = list(store.query(get_query("models").text, use_default_graph_as_union=True))
    assert f"<p>{len(expected)} rows.</p>" in html  # run on the server, shown in the form's table
    reply = get(served, "/sparql?example=no-such-query", "text/html")
    assert reply.status == 404 and "no canned query is named" in reply.text
    assert get(served, "/sparql?example=models&query=ASK%7B%7D").status == 400


def test_tables_and_figures_link_to_the_queries_behind_them(served, store):
    from roto.figures.registry import FIGURES, can_draw
    from roto.framework import TABLES

    html = page(served, "/tables.html")
    behind = re.findall(r'<span class="behind">(.*?)</span>', html, re.S)
    figures = len(FIGURES) if can_draw() else 0
    assert len(behind) == len(TABLES) + figures  # one line under each table and each figure
    checked = set()
    for line in behind:
        found = links(line)
        texts = [a["href"] for a in found if a["text"] != "run it in the editor"]
        runs = [a["href"] for a in found if a["text"] == "run it in the editor"]
        assert texts and len(texts) == len(runs)
        for href in texts:
            reply = get(served, urljoin("/tables.html", href))
            assert reply.status == 200 and reply.text.startswith("# title:"), href
        for href in runs:
            if href in checked:
                continue
            checked.add(href)
            url = urljoin("/tables.html", href)
            assert urlsplit(url).path == "/sparql"
            reply = get(served, url, "application/sparql-results+json")
            assert reply.status == 200, href  # resolves and runs
            query = parse_qs(urlsplit(url).query)["query"][0]
            local = store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
            assert json.loads(reply.body)["results"]["bindings"] == json.loads(local)["results"]["bindings"]
    # Table 1's line runs the review-table query with Table 1's property bound.
    table1 = parse_qs(urlsplit(links(behind[0])[1]["href"]).query)["query"][0]
    assert "<https://w3id.org/roto/usesResource>" in table1


def test_model_page_figures_link_to_their_queries(served):
    from roto.figures.registry import can_draw

    if not can_draw():
        pytest.skip("matplotlib is not installed: no figures on the pages")
    html = page(served, "/model/befriending.html")
    line = re.search(r'<span class="behind">(.*?)</span>', html, re.S)
    assert line and any(a["text"] == "run it in the editor" for a in links(line[1]))


def problems(tab) -> list[str]:
    """Console errors, exceptions and browser issues (a CSP violation is one), except the
    favicon's 404 and Chromium's audits of form markup (YASGUI's own inputs without a label's
    `for`, id or name: reported, not errors)."""
    forms = sum(1 for e in tab.browser.events if e.get("sessionId") == tab.session and e["method"] == "Audits.issueAdded"
                and e["params"]["issue"].get("details", {}).get("genericIssueDetails", {}).get("errorType", "").startswith("Form"))
    found = [p for p in tab.problems() if not p.endswith("/favicon.ico")]
    for _ in range(forms):
        found.remove("GenericIssue")
    return found


def press(tab, selector: str) -> None:
    """A mouse click where the element is now (the pointer moved there first, as a hand does)."""
    x, y = tab.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect(); "
                        "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    tab.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
    for kind in ("mousePressed", "mouseReleased"):
        tab.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def test_the_policy_allows_exactly_the_styles_the_vendored_editor_injects():
    from roto.web.editor import EDITOR_FILES, EDITOR_SCRIPT, INJECTED_STYLES, editor_file

    bundle = editor_file(EDITOR_SCRIPT).decode()
    resizer, dragging = INJECTED_STYLES
    assert f"createStyle(a,`{resizer}`)" in bundle
    assert "`*{cursor:`+n.opt.dragCursor+`!important}`" in bundle and "dragCursor:`col-resize`" in bundle
    assert dragging == "*{cursor:col-resize!important}"
    for path in EDITOR_FILES:  # every file the page names is in the package
        assert editor_file(path)


def test_the_editor_starts_runs_an_example_and_shows_rows(served, browser, tmp_path, store):
    from roto.canned import get_query

    tab = browser.page()
    tab.goto(f"http://127.0.0.1:{served}/sparql")
    tab.wait_for("document.querySelector('.yasgui .CodeMirror') !== null")
    assert tab.evaluate("document.getElementById('query-form').hidden") is True  # the editor replaced the form
    tab.click("a[data-example='models-by-resource']")
    tab.wait_for("document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue().includes('# title: Models by resource')")
    press(tab, ".tabPanel.active .yasqe_queryButton")
    shown = tab.wait_for("(() => { const rows = document.querySelectorAll('.tabPanel.active .yasr tbody tr');"
                         " return rows.length && rows.length; })()")
    expected = list(store.query(get_query("models-by-resource").text, use_default_graph_as_union=True))
    assert shown == len(expected) > 0
    tab.screenshot(tmp_path / "query-editor.png")
    assert problems(tab) == []  # no console error, no exception, no CSP violation


def test_a_run_link_opens_the_editor_and_runs_there(served, browser):
    html = page(served, "/tables.html")
    href = next(a["href"] for a in links(html) if a["text"] == "run it in the editor")
    tab = browser.page()
    tab.goto(urljoin(f"http://127.0.0.1:{served}/tables.html", href))
    rows = tab.wait_for("document.querySelectorAll('.yasr tbody tr').length")
    assert rows > 0 and tab.evaluate("document.getElementById('form-results').hidden") is True
    assert problems(tab) == []
