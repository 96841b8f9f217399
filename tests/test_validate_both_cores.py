"""`roto validate` of many models on both cores (`roto.authoring._ParsedApart` parses the
later TOML files in a forked child, `roto.check.data._BothCores` compiles the records in
another, `roto.check.engine.checked` shares the checks with a third): the same report as one
process gives, the same error for a bad file, and a child that dies is one line. The
thresholds are lowered to 0 so that a few generated models take the path thousands take."""

from __future__ import annotations

import os
import signal

import pytest

from conftest import synthetic, write_input
from test_compiled_shacl import DEFECTS, NEGATION

# test_compiled_shacl's negation, named: a blank node's label would be new in each run.
NAMED_NEGATION = NEGATION.replace("[] a", "<https://example.org/negation> a")


@pytest.fixture(scope="module")
def defective(tmp_path_factory):
    """Generated models with defects planted (as in test_compiled_shacl), and their report
    from one process (JSON: every field of every result, in the report's order)."""
    from roto.cli import main

    folder = tmp_path_factory.mktemp("both-cores")
    paths = synthetic().generate(4, folder / "models", seed=5)
    reciprocity = paths[1].read_text(encoding="utf-8").split("\n\n")
    paths[1].write_text("\n\n".join(b for b in reciprocity if ".reciprocity]" not in b), encoding="utf-8")
    planted = [write_input(folder, "defects.ttl", DEFECTS), write_input(folder, "negation.ttl", NAMED_NEGATION)]
    files = [str(p) for p in [*paths, *planted]]
    return files, _report(main, files)


def _report(main, files: list[str]) -> str:
    output = files[0] + ".json"
    assert main(["validate", *files, "--format", "json", "--output", output]) == 1
    with open(output, encoding="utf-8") as report:
        return report.read()


@pytest.fixture
def both_cores(monkeypatch):
    """Both cores at any size (even in a test process that opened an on-disk store before: these
    children never touch one, and on a machine that allows the process one CPU); the processes
    forked, counted."""
    from roto import authoring, forked
    from roto.check import data, engine

    monkeypatch.setattr(forked, "_ROCKSDB_OPENED", [])
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)  # two CPUs, whatever runs the test
    monkeypatch.setattr(authoring, "PARSE_APART_ABOVE", 0)
    monkeypatch.setattr(data, "BOTH_CORES_ABOVE", 0)
    monkeypatch.setattr(engine, "BOTH_CORES_ABOVE", 0)
    monkeypatch.setattr(engine, "FEW_FOCUS", 0)  # sh:class subtracted with MINUS, as over thousands of nodes
    forks, fork = [], os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    return forks


def test_both_cores_give_the_one_process_report(defective, both_cores):
    from roto.cli import main

    files, one_process = defective
    assert _report(main, files) == one_process
    assert len(both_cores) == 3  # the parser's child, the compile's and the checks'
    for component in ("MinCount", "MaxCount", "MinLength", "Class", "MinInclusive", "Or", "SPARQL"):
        assert f'"component": "{component}ConstraintComponent"' in one_process


@pytest.mark.parametrize("broken", [2, 3])  # of 6 files, the child parses the last 4: its first, its second
def test_a_bad_file_parsed_apart_is_the_error_reading_in_order_gives(defective, monkeypatch, capsys, broken, tmp_path):
    from roto import authoring
    from roto.cli import main

    files, _ = defective
    bad = tmp_path / "bad.toml"
    bad.write_text("[models.x\n", encoding="utf-8")
    later = tmp_path / "later-bad.toml"  # after the bad file: never read, as in order
    later.write_text("= nothing\n", encoding="utf-8")
    named = [*files[:broken], str(bad), *files[broken:4], str(later)]
    errors = []
    for above in (1000, 0):
        monkeypatch.setattr(authoring, "PARSE_APART_ABOVE", above)
        assert main(["validate", *named]) == 2
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and errors[0].startswith(f"roto: error: {bad}:") and errors[0].count("\n") == 1


def test_no_fork_once_an_on_disk_store_is_open(defective, both_cores, monkeypatch):
    from roto import forked
    from roto.cli import main

    files, one_process = defective
    monkeypatch.setattr(forked, "_ROCKSDB_OPENED", [True])
    assert _report(main, files) == one_process and not both_cores


def test_no_fork_on_one_cpu(defective, both_cores, monkeypatch):
    """A process allowed one CPU (a container, `taskset`) validates in order: a second process
    would only add its cost."""
    from roto.cli import main

    files, one_process = defective
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert _report(main, files) == one_process and not both_cores


@pytest.mark.parametrize("where", ["roto.forked", "roto.check.engine"])  # the parser's and compile's children, the checks'
def test_a_child_that_dies_is_one_line(defective, both_cores, monkeypatch, capsys, where):
    from roto.cli import main
    from roto.forked import Forked

    class Dying(Forked):
        def __init__(self, work):
            super().__init__(lambda: os.kill(os.getpid(), signal.SIGKILL))

    monkeypatch.setattr(f"{where}.Forked", Dying)
    files, _ = defective
    capsys.readouterr()
    assert main(["validate", *files]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("roto: error: ") and "signal 9" in err, err
    assert "Traceback" not in err
