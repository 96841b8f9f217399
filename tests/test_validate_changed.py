"""`roto validate --changed`: in a project, only what changed since the last run that
conformed is checked, in the whole graph, and reported as a full run reports it; what joins
files is caught, and anything the record cannot vouch for means a full run.

One project goes through a researcher's session in order (tests/in_process.py: the runs and
the edits between them in one child process); each test reads one step of it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import assert_refused, synthetic
from in_process import run_batch
from project_files import OWN_SOURCE

RECORD = ".roto/validated.json"
# A file that later adds reference 3 to the list of roto.toml's source (OWN_SOURCE's), which
# then skips 2.
A_GAP = """\
[references]
3 = "Author C"
"""


def _generated(folder: Path) -> list[Path]:
    return synthetic().generate(3, folder, seed=7)


def _edit(code: str) -> dict:
    return {"code": "from pathlib import Path\n" + code, "argv": []}


DROP_RECIPROCITY = r"""
p = Path("models/synthetic-000002.toml"); t = p.read_text()
start = t.index("[models.synthetic-000002.reciprocity]")
end = t.find("\n[", start)
p.write_text(t[:start] + (t[end + 1:] if end >= 0 else ""))
"""
# name -> the step: a run of `roto ARGS` ({"argv"}) or an edit ({"code"}), in this order.
STEPS: dict[str, dict] = {
    "first": {"argv": ["validate", "--changed"]},
    "keep first record": _edit(f"Path('first.json').write_bytes(Path('{RECORD}').read_bytes())"),
    "unchanged": {"argv": ["validate", "--changed"]},
    "break model 2": _edit(DROP_RECIPROCITY),
    "defect, changed": {"argv": ["validate", "--changed", "--format", "json"]},
    "defect, full": {"argv": ["validate", "--format", "json"]},
    "keep record after defect": _edit(f"Path('after-defect.json').write_bytes(Path('{RECORD}').read_bytes())"),
    "mend model 2, skip a reference": _edit("Path('models/synthetic-000002.toml').write_bytes(Path('model-2.toml')"
                                        ".read_bytes() + b'# mended\\n'); Path('models/zz-gap.toml').write_text(GAP)"),
    "gap, changed": {"argv": ["validate", "--changed", "--format", "json"]},
    "model defined twice": _edit("Path('models/zz-gap.toml').unlink(); "
                                 "Path('models/zz-twice.toml').write_bytes(Path('models/synthetic-000001.toml')"
                                 ".read_bytes().replace(b'source\"', b'source-2\"'))"),
    "twice, changed": {"argv": ["validate", "--changed"]},
    "remove the twin": _edit("Path('models/zz-twice.toml').unlink()"),
    "mended, changed": {"argv": ["validate", "--changed"]},
    "own file named": {"argv": ["validate", "--changed", "models/synthetic-000001.toml"]},
    "corrupt the record": _edit(f"Path('{RECORD}').write_text('{{not json')"),
    "corrupt, changed": {"argv": ["validate", "--changed"]},
    "another basis": _edit(f"import json; p = Path('{RECORD}'); r = json.loads(p.read_text()); "
                           "r['basis'] = 'another roto'; p.write_text(json.dumps(r))"),
    "basis, changed": {"argv": ["validate", "--changed"]},
    "remove model 3": _edit("Path('models/synthetic-000003.toml').unlink()"),
    "removed, changed": {"argv": ["validate", "--changed"]},
    "named, changed": {"argv": ["validate", "--changed", "../extra/synthetic-000003.toml"]},
    "pyshacl": {"argv": ["validate", "--changed", "--engine", "pyshacl"]},
    # A record vouching for a file that no longer meets its own node's constraints (as if
    # it had been edited behind ROTO's back, the record rewritten): what --changed trusts.
    "vouch for a defect": _edit(DROP_RECIPROCITY.replace("000002", "000001") + f"""
import hashlib, json
record = json.loads(Path('{RECORD}').read_text())
record['files'] = {{key: sha for key, sha in record['files'].items() if not key.startswith('/')}}  # not extra/
record['files']['models/synthetic-000001.toml'] = hashlib.sha256(p.read_bytes()).hexdigest()
Path('{RECORD}').write_text(json.dumps(record))
with open('models/own-source.toml', 'a') as handle:
    handle.write('# edited\\n')
"""),
    "vouched, changed": {"argv": ["validate", "--changed"]},
    "vouched, full": {"argv": ["validate"]},
}


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> tuple[dict[str, subprocess.CompletedProcess], Path]:
    """Every step of STEPS, run once in order in a new project: name -> exit code and output."""
    work = tmp_path_factory.mktemp("changed")
    project = work / "project"
    (project / "models").mkdir(parents=True)
    (project / "roto.toml").write_text('title = "Changes"\nnamespace = "https://example.org/changes/"\n'
                                       'prefix = "changes"\n', encoding="utf-8")
    paths = _generated(project / "models")
    (project / "models" / "own-source.toml").write_text(OWN_SOURCE, encoding="utf-8")
    shutil.copy(paths[1], project / "model-2.toml")
    (work / "extra").mkdir()
    shutil.copy(paths[2], work / "extra" / paths[2].name)
    runs = [{**step, "cwd": str(project)} for step in STEPS.values()]
    for run in runs:
        if "code" in run:
            run["code"] = f"GAP = {A_GAP!r}\n" + run["code"]
    answers = run_batch(runs)
    results = {name: subprocess.CompletedProcess(run["argv"], a["returncode"], a["stdout"], a["stderr"])
               for name, run, a in zip(STEPS, runs, answers, strict=True)}
    for name, step in STEPS.items():
        assert "code" not in step or results[name].returncode == 0, results[name].stderr
    return results, project


def _violations(result: subprocess.CompletedProcess) -> list[dict]:
    return [r for r in json.loads(result.stdout)["results"] if r["severity"] == "Violation"]


def test_the_first_run_validates_everything_and_records_every_input(session):
    results, project = session
    first = results["first"]
    assert first.returncode == 0, first.stderr
    assert "validating everything: no run has conformed yet" in first.stderr
    record = json.loads((project / "first.json").read_text())
    assert sorted(record["files"]) == ["models/own-source.toml", "models/synthetic-000001.toml",
                                       "models/synthetic-000002.toml", "models/synthetic-000003.toml", "roto.toml"]


def test_nothing_changed_means_nothing_to_check(session):
    results, _ = session
    unchanged = results["unchanged"]
    assert unchanged.returncode == 0 and unchanged.stdout == "Conforms.\n"
    assert "no file changed since the last run that conformed: nothing to check" in unchanged.stderr


def test_a_defect_in_the_changed_file_is_reported_as_a_full_run_reports_it(session):
    results, _ = session
    changed, full = results["defect, changed"], results["defect, full"]
    assert changed.returncode == 1 and full.returncode == 1
    assert "checking what 1 changed file(s) describe (models/synthetic-000002.toml)" in changed.stderr
    [violation] = _violations(changed)
    assert violation["file"] == "models/synthetic-000002.toml" and violation["property"] == "has reciprocity"
    in_file = [[r for r in json.loads(run.stdout)["results"] if r["file"] == "models/synthetic-000002.toml"]
               for run in (changed, full)]
    assert in_file[0] == in_file[1] and in_file[0]


def test_a_run_that_does_not_conform_keeps_the_last_record(session):
    _, project = session
    assert (project / "after-defect.json").read_bytes() == (project / "first.json").read_bytes()


def test_a_change_that_makes_an_unchanged_file_violate_is_caught(session):
    """A reference 3 added to the project's own source, whose list in another file has only 1:
    the source, which roto.toml (unchanged) makes, now has a gap (a check that joins files, run whole)."""
    results, _ = session
    gap = results["gap, changed"]
    assert gap.returncode == 1, gap.stderr
    [violation] = _violations(gap)
    assert violation["focus"] == "https://example.org/changes/source"  # the source roto.toml makes
    assert "goes up to number 3 but has only 2 different numbers" in violation["message"]
    assert "zz-gap.toml" in gap.stderr  # checked as a changed file


def test_a_model_defined_twice_across_files_is_caught(session):
    results, _ = session
    assert_refused(results["twice, changed"], "synthetic-000001", "already defined in", "zz-twice.toml")


def test_after_mending_only_the_changed_file_is_checked_and_recorded(session):
    results, _ = session
    mended = results["mended, changed"]
    assert mended.returncode == 0 and mended.stdout == "Conforms.\n", mended.stderr
    assert "checking what 1 changed file(s) describe (models/synthetic-000002.toml)" in mended.stderr


@pytest.mark.parametrize(("step", "why"), [
    ("corrupt, changed", "unreadable record (JSONDecodeError), ignored"),
    ("basis, changed", "ROTO, its shapes or the review changed since the last run that conformed"),
    ("removed, changed", "models/synthetic-000003.toml was removed since the last run that conformed"),
])
def test_what_the_record_cannot_vouch_for_means_a_full_run(session, step, why):
    results, _ = session
    result = results[step]
    assert result.returncode == 0 and result.stdout == "Conforms.\n", result.stderr
    assert "roto: note: validating everything: " in result.stderr and why in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_named_is_checked_though_unchanged(session):
    results, _ = session
    own = results["own file named"]  # a model file of the project: checked, not read twice
    assert own.returncode == 0 and own.stdout == "Conforms.\n", own.stderr
    assert "checking what 1 changed file(s) describe (models/synthetic-000001.toml)" in own.stderr
    named = results["named, changed"]
    assert named.returncode == 0, named.stderr
    assert "checking what 1 changed file(s) describe" in named.stderr and "synthetic-000003.toml" in named.stderr


def test_refusals_are_one_line(session, tmp_path):
    results, _ = session
    assert_refused(results["pyshacl"], "--changed runs on the oxigraph engine")
    [outside] = run_batch([{"argv": ["validate", "--changed"], "cwd": str(tmp_path)}])
    assert_refused(subprocess.CompletedProcess([], outside["returncode"], outside["stdout"], outside["stderr"]),
                   "--changed needs a project")


def test_the_record_is_never_written_inside_the_installed_package(tmp_path, monkeypatch):
    from roto.check import changes
    from roto.project import read

    (tmp_path / "roto.toml").write_text('title = "T"\nnamespace = "https://example.org/t/"\nprefix = "t"\n')
    project = read(tmp_path)
    plan = changes.plan(project, [], changes.basis(None, True))
    monkeypatch.setattr(changes, "_PACKAGE", tmp_path)
    assert "inside the installed package" in (changes.write_record(project, plan) or "")
    assert not (tmp_path / ".roto").exists()


def test_the_basis_changes_with_the_version_and_the_shapes(tmp_path, monkeypatch):
    from roto import _version
    from roto.check import changes

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    ours = changes.basis(None, True)
    assert ours == changes.basis(None, True)
    others = {changes.basis(None, False), changes.basis(shapes, True)}
    monkeypatch.setattr(_version, "__version__", "0.0.0")
    others.add(changes.basis(None, True))
    assert ours not in others and len(others) == 3


def test_every_triple_a_model_file_adds_is_about_a_node_it_checks(session):
    """The ground of narrowing the focus: the triples a model file adds to the graph have
    subjects among the nodes `changed_nodes` gives for it (with or without a [source])."""
    import pyoxigraph as ox

    from roto.check import load_store
    from roto.check.data import shown
    from roto.check.engine import changed_nodes
    from roto.project import read

    _, project = session
    for name in ("synthetic-000001.toml", "own-source.toml"):
        path = project / "models" / name
        data, origins = load_store([], project=read(project))
        nodes = changed_nodes(data, origins, {shown(path)})
        moved = path.rename(project / name)
        try:
            without, _ = load_store([], project=read(project))
        finally:
            moved.rename(path)
        triples = [{(q.subject, q.predicate, q.object) for q in d.store.quads_for_pattern(None, None, None,
                                                                                           ox.DefaultGraph())}
                   for d in (data, without)]
        added, removed = triples[0] - triples[1], triples[1] - triples[0]
        assert added and not removed
        assert {s for s, _, _ in added} <= nodes


def test_one_statement_id_in_a_changed_and_an_unchanged_file_is_reported_on_both(tmp_path):
    """A uniqueness is a path with an inverse step: checked whole, so the statement of the
    file left alone (here the review's) is reported beside the changed file's."""
    from roto.check import load_shapes, load_store, validate
    from roto.check.data import shown

    taken = "open-dialogue/resource/decision-making"
    twin = tmp_path / "twin.ttl"
    twin.write_text(f'<https://example.org/twin> <https://w3id.org/roto/statementId> "{taken}" .\n')
    data, origins = load_store([twin], project=None)
    report = validate(data, load_shapes(), origins, files={shown(twin)})
    repeated = {str(r.focus) for r in report.results if (r.message or "").startswith("Another statement has the same id")}
    assert len(repeated) == 2 and "https://example.org/twin" in repeated


def test_an_unchanged_file_is_trusted_to_meet_its_own_nodes_constraints(session):
    """What --changed does not promise: a file the record vouches for is not checked again
    for what only its own nodes' triples decide; the full run is the reference."""
    results, _ = session
    changed, full = results["vouched, changed"], results["vouched, full"]
    assert changed.returncode == 0 and changed.stdout == "Conforms.\n", changed.stderr
    assert "checking what 1 changed file(s) describe (models/own-source.toml)" in changed.stderr
    assert full.returncode == 1 and "from models/synthetic-000001.toml" in full.stdout
