"""The SHACL shapes, one small change at a time, and the shapes graph against SHACL-for-SHACL."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from conftest import canonical
from shape_fixtures import Fixture, all_fixtures, fixture_graph, result_key, shapes

FIXTURES = all_fixtures()
SHACL_SHACL = Path(__file__).parent / "assets" / "shacl-shacl.ttl"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.id for f in FIXTURES])
def test_fixture_fires_exactly_what_it_expects(fixture: Fixture):
    from roto.check import validate

    report = validate(fixture_graph(fixture), shapes(fixture.on_review))
    assert {result_key(r) for r in report.results} == set(fixture.expected)
    assert report.conforms == fixture.valid
    violations = [e for e in fixture.expected if e[0] == "Violation"]
    assert bool(violations) != fixture.valid, "valid fixtures expect no violation, invalid ones at least one"


def test_every_shape_is_exercised_by_an_invalid_or_warning_fixture():
    """Each named shape with a SPARQL constraint, and each severity, is tested by a fixture."""
    from rdflib.namespace import SH

    graph = shapes(True)
    sparql_shapes = {str(s) for s in graph.subjects(SH.sparql, None)}
    fired = {e[3] for f in FIXTURES for e in f.expected if e[1] == "SPARQL"}
    assert sparql_shapes == fired
    assert {e[0] for f in FIXTURES for e in f.expected} == {"Violation", "Warning", "Info"}


def test_shapes_conform_to_shacl_for_shacl():
    """The shapes graph is itself valid SHACL, by the W3C's shapes for shapes graphs."""
    import pyshacl

    meta = Graph().parse(SHACL_SHACL, format="turtle")
    conforms, _, text = pyshacl.validate(shapes(True), shacl_graph=meta)
    assert conforms, text


def test_validation_leaves_the_callers_graph_alone():
    from roto.check import validate

    fixture = next(f for f in FIXTURES if f.id == "invalid/cell-unstated")
    graph = fixture_graph(fixture)
    before = Graph()
    for triple in graph:
        before.add(triple)
    report = validate(graph, shapes(False))
    assert not report.conforms
    assert canonical(graph) == canonical(before)
