"""`roto serve` under load (issue 13, finding 9 and "bounded resources"): 50 clients for 20 s
over loopback while two pathological queries run again and again. Before, the listen queue
of 5 reset 43 connections and two slow queries held both workers, so a simple ASK waited
up to 10 s. The run stops by itself (at most 20 s plus one time limit)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from load_client import Request, load
from servers import roto_serve

pytestmark = pytest.mark.server

ASK = "ASK { <https://w3id.org/roto/model/open-dialogue> a <https://w3id.org/roto/TherapeuticModel> }"
JSON = (("Accept", "application/sparql-results+json"),)
# Issue 13's two kinds of pathological query over every triple: a streaming cross product
# that keeps a core busy until the time limit, and the ORDER BY form that grows by gigabytes
# a second until its worker's memory limit stops it.
PATHOLOGICAL = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1")
TIME_LIMIT = 5


def test_fifty_clients_get_answers_while_two_pathological_queries_run(tmp_path):
    direct = (("Content-Type", "application/sparql-query"), *JSON)
    groups = {
        "ask by GET": (24, Request("GET", "/sparql?" + urlencode({"query": ASK}), headers=JSON)),
        "ask by POST": (24, Request("POST", "/sparql", ASK.encode(), direct)),
        **{f"pathological {i}": (1, Request("POST", "/sparql", query.encode(), direct))
           for i, query in enumerate(PATHOLOGICAL, 1)},
    }
    with roto_serve(tmp_path, "--timeout", str(TIME_LIMIT)) as server:  # the default 4 workers
        report = load("127.0.0.1", server.port, groups, seconds=20, timeout=TIME_LIMIT * 6)
        print(report.summary())
        errors = server.errors
    assert not report.failures(), report.summary()  # no reset, refused or timed-out connection
    for group in ("ask by GET", "ask by POST"):
        assert set(report.statuses(group)) == {200}, report.summary()
        # Not stuck behind a pathological query, which holds its worker until the time limit.
        # Issue 13's figure, a median under 1 s, is measured alone (README): 48 clients on two
        # cores queue to about 0.8 s by themselves, and a test running beside this one pushed
        # the median over 1 s in CI (1.004 s) with every ASK answered.
        assert report.median(group) < TIME_LIMIT / 2, report.summary()
    for i in (1, 2):
        statuses = report.statuses(f"pathological {i}")
        assert statuses and set(statuses) <= {422, 503}, report.summary()  # stopped: over the time limit, or busy
    assert "Traceback" not in errors, errors
