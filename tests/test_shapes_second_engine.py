"""A second SHACL engine, shacl-engine (JavaScript, with its SPARQL plugin), agrees with
pySHACL on every shape fixture and on the worked example: same conformance, and the same
results by severity, constraint component and focus node.

Needs Node and `npm ci` in tests/js (CI runs it); skipped on a person's machine without them.

For a fixture, pySHACL's answer is the one its `# expect:` lines state: tests/test_shapes.py
holds `roto.check.validate` (the compiled engine) to exactly those and
tests/test_compiled_shacl.py holds that engine to pySHACL, field by field, on every fixture
and on the worked example, so running pySHACL again here would only repeat them (any
disagreement among the engines fails one of the files). The worked example, which states no
answer, is validated here by `roto.check.validate`.
"""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, require, require_executable
from shape_fixtures import all_fixtures, fixture_graph

JS_DIR = Path(__file__).parent / "js"
EXAMPLE = ROOT / "docs" / "examples" / "clubhouse.toml"
CASES = [(f.id, f) for f in all_fixtures()] + [("example/clubhouse", None)]


def _case_graph(fixture):
    return fixture_graph(fixture) if fixture else _example_graph()


@functools.cache
def _example_graph():
    """The worked example with the review, read once for shacl-engine's file and our own check
    (neither changes it)."""
    from roto.check import load_data

    return load_data([EXAMPLE])[0]


@pytest.fixture(scope="session")
def second_engine(tmp_path_factory):
    """Every case validated by shacl-engine in one Node process: {case id: result}."""
    node = require_executable("node")
    require((JS_DIR / "node_modules" / "shacl-engine").is_dir(), "tests/js has no node_modules: run `npm ci` there")
    folder = tmp_path_factory.mktemp("second-engine")
    shapes_dir = ROOT / "shapes"
    ontology = [str(p) for p in sorted((ROOT / "ontology").glob("*.ttl"))]
    cases = []
    for n, (_, fixture) in enumerate(CASES):
        data = folder / f"{n}.nt"
        _case_graph(fixture).serialize(data, format="nt", encoding="utf-8")
        on_review = fixture is None or fixture.on_review
        shape_files = [str(p) for p in sorted(shapes_dir.glob("*.ttl")) if on_review or p.name != "review.ttl"]
        cases.append({"shapes": shape_files + ontology, "data": [str(data)]})
    (folder / "cases.json").write_text(json.dumps(cases))
    run = subprocess.run([node, str(JS_DIR / "validate.mjs"), str(folder / "cases.json")],
                         capture_output=True, text=True, cwd=JS_DIR, timeout=900)
    assert run.returncode == 0, run.stderr
    return dict(zip((c[0] for c in CASES), json.loads(run.stdout), strict=True))


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")


def _pyshacl(fixture) -> tuple[bool, set[tuple[str, str, str]]]:
    """pySHACL's conformance and (severity, component, focus) of each result (the module's
    docstring says how each is held to pySHACL's)."""
    if fixture is not None:  # what test_shapes.py holds the engine to
        expected = {(severity, component, focus) for severity, component, focus, _ in fixture.expected}
        return all(severity != "Violation" for severity, _, _ in expected), expected
    from roto.check import load_shapes, validate

    report = validate(_case_graph(None), load_shapes())
    return report.conforms, {(r.severity, _short(r.component), r.focus) for r in report.results}


@pytest.mark.parametrize("case_id, fixture", CASES, ids=[c[0] for c in CASES])
def test_second_engine_agrees_with_pyshacl(second_engine, case_id, fixture):
    conforms, ours = _pyshacl(fixture)
    theirs = second_engine[case_id]
    assert theirs["conforms"] == conforms
    assert {(_short(r["severity"]), _short(r["component"]), r["focus"]) for r in theirs["results"]} == ours
