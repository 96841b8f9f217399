"""The figures in the pages of `roto serve` and `roto site`: the tables page shows every
figure, each model page the dimensions figure at its own entry (which the SVG sets apart,
so each figure is drawn once), and serving pages draws nothing until a figure is asked for."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT
from roto.figures.registry import FIGURES

SVG = "{http://www.w3.org/2000/svg}"

SERVE = """
import sys
from roto.web.app import Limits, RotoApp

app = RotoApp(limits=Limits(workers=1))

def get(path):
    seen = {}
    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_ACCEPT": "*/*", "wsgi.url_scheme": "http",
                         "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80"}, lambda status, headers: seen.update(status=status)))
    return seen["status"], body

for path in ("/tables.html", "/model/open-dialogue.html", "/model/open-dialogue"):
    assert get(path)[0].split()[0] in ("200", "303"), path
print("matplotlib" in sys.modules)
status, body = get("/figures/dimensions.svg")
print(status, "matplotlib" in sys.modules)
sys.stdout.flush()
sys.stdout.buffer.write(body)
app.close()
"""


def test_serving_pages_draws_nothing_until_a_figure_is_asked_for():
    done = subprocess.run([sys.executable, "-c", SERVE], capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr.decode()
    before, after, svg = done.stdout.split(b"\n", 2)
    assert before == b"False" and after == b"200 OK True"
    root = ET.fromstring(svg)
    entry = next(e for e in root.iter(SVG + "g") if e.get("id") == "entry-peer-support-workers")
    assert [g.get("id") for g in entry] == ["arrow-peer-support-workers", "marker-peer-support-workers",
                                            "model-peer-support-workers", "qualifier-reciprocity-leans-reciprocal-peer-support-workers",
                                            "qualifier-expertise-partial-peer-support-workers"]  # the entry's marks, together
    assert 'g[id^="entry-"]:target > [id^="model-"] text' in root.find(f"{SVG}defs/{SVG}style").text
    labels = [g.find(SVG + "text") for g in root.iter(SVG + "g") if g.get("id", "").startswith("model-")]
    assert len(labels) == 10 and not [t.text for t in labels if "font-weight: 700" in t.get("style", "")], \
        "no model is drawn highlighted: the address sets one apart"


@pytest.fixture(scope="module")
def pages(store):
    from roto.web.catalogue import Catalogue
    from roto.web.pages import Pages

    return Pages(Catalogue(store))


def images(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', html)


def test_tables_page_shows_every_figure(pages):

    assert FIGURES
    assert images(pages.render("tables.html")) == [f"figures/{name}.svg" for name in FIGURES]


def test_each_model_page_shows_the_figure_at_its_own_entry(pages, review_content):
    models = [e for e in review_content.entities.values() if e.kind == "model"]
    assert len(models) == 10
    assert pages.figure_paths == {f"figures/{name}.svg": name for name in FIGURES}  # one file per figure
    svg = pages.figure("figures/dimensions.svg").decode()
    for model in models:
        name = model.iri.rsplit("/", 1)[1]
        html = pages.render(f"model/{name}.html")
        assert images(html) == [f"../figures/dimensions.svg#entry-{name}"], name
        assert f'<g id="entry-{name}">' in svg and f"with {model.label} highlighted" in html


def test_site_writes_the_figures_its_pages_show(site_files):
    figures = {path for path in site_files if path.startswith("figures/") and path.endswith(".svg")}
    assert figures == {f"figures/{name}.svg" for name in FIGURES}  # the model pages show these too
    downloads = {path for path in site_files if path.startswith("figures/") and not path.endswith(".svg")}
    assert downloads == {f"figures/{name}.{fmt}" for name in FIGURES for fmt in ("png", "pdf")}  # downloads only
    shown = {src.removeprefix("../").split("#")[0] for path, data in site_files.items() if path.endswith(".html")
             for src in images(data.decode("utf-8"))}
    assert shown == figures
    assert all(site_files[path].startswith(b"<?xml") for path in figures)


def test_without_matplotlib_the_pages_leave_the_figures_out(store, monkeypatch):
    from roto.figures import registry
    from roto.web.catalogue import Catalogue
    from roto.web.pages import Pages

    monkeypatch.setattr(registry, "can_draw", lambda: False)
    pages = Pages(Catalogue(store))
    assert pages.figure_paths == {}
    assert images(pages.render("tables.html")) == [] and images(pages.render("model/befriending.html")) == []
