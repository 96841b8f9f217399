"""`roto diff` and CHANGELOG.md: the statements added and removed between two builds, by
kind, and a changelog whose generated summaries are what `roto diff` computes now."""

import json
import subprocess

import pytest

from conftest import ROOT, require, run_roto

EX = "https://example.org/"
OLD = f"""<{EX}a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/roto/TherapeuticModel> <{EX}g> .
<{EX}a> <http://www.w3.org/2000/01/rdf-schema#label> "A" <{EX}g> .
<{EX}a> <https://w3id.org/roto/usesResource> <{EX}r1> <{EX}g> .
_:x1 <http://www.w3.org/2002/07/owl#onProperty> <https://w3id.org/roto/usesResource> <{EX}g> .
<{EX}a> <http://www.w3.org/2000/01/rdf-schema#subClassOf> _:x1 <{EX}g> .
"""
# r1 swapped for r2, a label added; the same blank node under another id, in another graph
NEW = f"""<{EX}a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/roto/TherapeuticModel> <{EX}h> .
<{EX}a> <http://www.w3.org/2000/01/rdf-schema#label> "A" <{EX}h> .
<{EX}b> <http://www.w3.org/2000/01/rdf-schema#label> "B" <{EX}h> .
<{EX}a> <https://w3id.org/roto/usesResource> <{EX}r2> <{EX}h> .
_:other <http://www.w3.org/2002/07/owl#onProperty> <https://w3id.org/roto/usesResource> <{EX}h> .
<{EX}a> <http://www.w3.org/2000/01/rdf-schema#subClassOf> _:other <{EX}h> .
"""


@pytest.fixture()
def builds(tmp_path):
    (tmp_path / "old.nq").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.nq").write_text(NEW, encoding="utf-8")
    return tmp_path / "old.nq", tmp_path / "new.nq"


def test_diff_counts_added_and_removed_statements_by_kind(builds):
    result = run_roto("diff", str(builds[0]), str(builds[1]), "--format", "json")
    assert result.returncode == 1, result.stderr  # they differ
    assert json.loads(result.stdout) == [{"kind": "rdfs:label", "added": 1, "removed": 0},
                                         {"kind": "roto:usesResource", "added": 1, "removed": 1}]


def test_the_same_graph_is_no_change(builds):
    result = run_roto("diff", str(builds[0]), str(builds[0]))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Statements added: 0; removed: 0")


def test_markdown_summary(builds):
    result = run_roto("diff", "none", str(builds[1]))
    assert result.returncode == 1
    assert "Statements added: 6; removed: 0" in result.stdout
    assert "| `a roto:TherapeuticModel` | 1 | 0 |" in result.stdout


def _history_holds(revision: str) -> bool:
    found = subprocess.run(["git", "cat-file", "-e", f"{revision}^{{commit}}"], cwd=ROOT, capture_output=True)
    return found.returncode == 0


def test_the_changelog_summaries_are_what_roto_diff_computes_now():
    from roto.graph_diff import BLOCK, refresh_changelog

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert [(old, new) for _, old, new, _, _ in blocks] == [("git:406cd31", "release/roto.nq"), ("none", "git:406cd31")]
    require(_history_holds("406cd31"), "the git history does not hold 406cd31 (a shallow clone?)")
    assert refresh_changelog(text, ROOT) == text, "run `roto diff --changelog CHANGELOG.md` and commit"


@pytest.mark.parametrize("args, message", [
    (["missing.nq", "none"], "missing.nq: no such file"),
    (["git:no-such-revision", "none"], "git:no-such-revision: no release/roto.nq at that revision"),
    (["git:--output=/tmp/x", "none"], "'git:--output=/tmp/x': give a git revision after git:"),
    ([], "give two builds to compare (OLD NEW), or --changelog FILE"),
])
def test_bad_builds_are_one_line_and_exit_2(args, message):
    result = run_roto("diff", *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"roto: error: {message}") and result.stderr.count("\n") == 1


def test_a_file_that_is_not_rdf_is_refused(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("this is not N-Quads\n", encoding="utf-8")
    result = run_roto("diff", str(bad), "none")
    assert result.returncode == 2 and result.stderr.startswith(f"roto: error: {bad}:1:1: cannot parse as N-Quads")
    assert result.stderr.count("\n") == 1
