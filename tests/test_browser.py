"""A real browser (headless Chromium) opens pages served by `roto serve` and reads them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import require
from http_helpers import running
from test_dereference import _Rows

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def port():
    from roto.web.app import Limits, RotoApp

    with running(RotoApp(limits=Limits(workers=1))) as p:
        yield p


def rendered(url: str, profile) -> str:
    """The DOM Chromium builds for `url`, as HTML."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    require(executable is not None, "chromium is not installed (Debian package chromium)")
    result = subprocess.run([executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--no-first-run",
                             f"--user-data-dir={profile}", "--dump-dom", url],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def rows(html: str) -> list[list[str]]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def test_model_page_in_a_browser(port, tmp_path):
    # The IRI itself, as a browser asks for it: 303 to the HTML page, followed by Chromium.
    html = rendered(f"http://127.0.0.1:{port}/model/befriending", tmp_path)
    assert "<h1>Befriending</h1>" in html
    table = {r[0]: r[1:] for r in rows(html) if len(r) == 3}
    assert table["Friends"][0] == "explicitly utilised"
    assert table["Family"][0] == "not explicitly utilised according to the review"
    assert table["Expertise"][0] == "not stated"
    assert "[9] Kingdon" in table["Reciprocity"][1]


def test_tables_page_in_a_browser(port, tmp_path, store):
    from roto.tables import review_table

    html = rendered(f"http://127.0.0.1:{port}/tables.html", tmp_path)
    shown = rows(html)
    for name in ("resources", "relationships"):
        table = review_table(name, store)
        header = ["Model", *table.columns]
        start = shown.index(header)
        assert shown[start + 1: start + 1 + len(table.rows)] == table.records()  # "Yes", "Yes [n]" or blank
