"""The comparison as pages (issue 15): every model side by side on the site, and on each
model's page the models most like it, exactly as `roto compare` and `roto similar` give them."""

from __future__ import annotations

import re
from html import unescape

import pytest

from roto.comparison import compare, similar
from roto.engine import LocalEngine


@pytest.fixture(scope="module")
def pages(store):
    from roto.web.catalogue import Catalogue
    from roto.web.pages import Pages

    return Pages(Catalogue(store), endpoint=False)


def cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return [[" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in rows]


def test_the_compare_page_holds_every_feature_of_every_model_as_roto_compare(pages, store):
    models = [e.iri for e in pages.catalogue.of_type("https://w3id.org/roto/TherapeuticModel")]
    features = compare(models, LocalEngine(store))
    table = cells(pages.render("compare.html"))
    header, rows = table[0], table[1:]
    assert header[1:] == list(features[0].judgements) and len(header) == 11  # the review's ten models
    assert len(rows) == len(features) > 10
    for row, feature in zip(rows, features, strict=True):
        assert row[0].startswith(feature.feature) and ("differs" in row[0]) == feature.differs
        for shown, judgement in zip(row[1:], feature.judgements.values(), strict=True):
            assert shown.startswith(judgement.value)


def test_each_model_page_ranks_the_others_as_roto_similar(pages, store):
    page = pages.render("model/self-help-groups.html")
    section = page[page.index('id="similar"'):]
    rows = cells(section[:section.index("</table>")])[1:]
    ranked = similar("https://w3id.org/roto/model/self-help-groups", LocalEngine(store))
    assert [(r[0], r[1]) for r in rows] == [(s.label, f"{s.score:.2f}") for s in ranked]
    assert rows[0][:2] == ["Peer support workers", "0.75"]  # 3 features shared of 4 either uses (tests/test_compare.py)


def test_a_model_page_lists_the_top_of_a_long_ranking(store, monkeypatch):
    from roto.web import pages as pages_module
    from roto.web.catalogue import Catalogue

    monkeypatch.setattr(pages_module, "SIMILAR_SHOWN", 3)  # as a project of more models than that
    page = pages_module.Pages(Catalogue(store)).render("model/self-help-groups.html")
    section = page[page.index('id="similar"'):]
    rows = cells(section[:section.index("</table>")])[1:]
    ranked = similar("https://w3id.org/roto/model/self-help-groups", LocalEngine(store))
    assert [r[0] for r in rows] == [s.label for s in ranked[:3]]
    assert "The 3 most similar of 9 other models" in " ".join(unescape(section).split())


def test_a_page_reads_its_own_statements_as_the_index_of_all_has_them(store):
    """A model's, column's, part's, qualifier's or reference's statements read alone (by
    patterns bound to it, so a page on a large project costs what it shows) are those the
    index of every statement gives."""
    from roto.web.catalogue import Catalogue

    alone, everything = Catalogue(store), Catalogue(store)
    assert len(everything.statements) > 100
    found = {(lookup, iri): getattr(alone, lookup)(iri) for iri in everything.entities
             for lookup in ("about", "targeting", "mentioning", "supported_by")}
    assert "statements" not in alone.__dict__  # none of them read every statement
    assert all(found[key] == getattr(everything, key[0])(key[1]) for key in found)
    model = [s for (lookup, _), records in found.items() if lookup == "about" for s in records]
    assert len(model) > 100 and any(s.qualified and s.qualified.hedges for s in model)
    assert any(s.qualified and s.qualified.joint_with for s in model) and any(s.hedge_cites for s in model)
    for lookup in ("targeting", "mentioning", "supported_by"):
        assert any(records for (name, _), records in found.items() if name == lookup)
