"""Each quality check finds the defect it is for.

`test_canned_queries` shows every check returns no rows on the review; here each check
runs on the review plus a small graph holding one planted defect
(`tests/fixtures/defects/CHECK.ttl`) and must report it. A new check needs its fixture.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from roto.engine import LocalEngine
from roto.queries import run
from roto.store import built_dataset
from test_canned_queries import QUERY_NAMES

DEFECTS = Path(__file__).parent / "fixtures" / "defects"
CHECKS = [name for name in QUERY_NAMES if name.startswith("checks/")]

# What each planted defect looks like in the check's rows.
EXPECTED = {
    "statement-without-locator": "defect/no-locator",
    "statement-without-source": "defect/no-source",
    "cited-number-without-reference": "https://w3id.org/roto/reference/99",
    "locator-not-a-source-part": "https://w3id.org/roto/part/tabel-1",
    "cell-both-used-and-blank": "https://w3id.org/roto/resource/decision-making",
    "table-cell-missing": "https://w3id.org/roto/model/defect-model",
    "more-than-one-judgement": "https://w3id.org/roto/reciprocity/unidirectional",
    "annotation-without-assertion": "defect/unasserted",
    "statement-id-reused": "befriending/reciprocity",
    "entity-without-label-or-definition": "https://w3id.org/roto/resource/defect-resource",
}


@pytest.mark.parametrize("check", CHECKS)
def test_check_reports_its_planted_defect(check):
    name = check.removeprefix("checks/")
    fixture = DEFECTS / f"{name}.ttl"
    assert fixture.is_file() and name in EXPECTED, f"add {fixture.relative_to(DEFECTS.parents[2])} and its expected row"
    store = ox.Store()
    store.load(path=built_dataset(), format=ox.RdfFormat.N_QUADS)
    store.load(path=fixture, format=ox.RdfFormat.TURTLE)
    answer = run(LocalEngine(store), check)
    assert len(answer) >= 1
    assert any(EXPECTED[name] in (term.value if term is not None else "") for row in answer.rows for term in row), answer.rows
