"""A large `--data` file is answered from a prebuilt on-disk store, opened read-only, with
the answers of the file read into memory; a changed file gets a new store. The threshold is
lowered here so that a small generated graph counts as large (the sizes where the store pays
are in benchmarks/scale.py)."""

from __future__ import annotations

import importlib.util
import os

import pytest

from conftest import ROOT, run_roto

QUESTIONS = [("models", {}), ("evidence", {"model": "synthetic-000002"}), ("models-by-relationship", {"relationship": "family"})]


@pytest.fixture
def graph(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    paths = generator.generate(3, tmp_path / "models", seed=3)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return generator, paths, generator.write_nquads(paths, tmp_path / "graph.nq")


def answers(engine):
    from roto.queries import run

    return [sorted(tuple(str(term) for term in row) for row in run(engine, name, params).rows) for name, params in QUESTIONS]


def test_a_large_file_is_answered_from_its_store_with_the_same_answers(graph, monkeypatch):
    import roto.disk_store as disk
    from roto.engine import open_engine

    generator, paths, nquads = graph
    in_memory = answers(open_engine([nquads], replace_review=True))
    assert all(in_memory) and len(in_memory[0]) == 13
    monkeypatch.setattr(disk, "LARGE", 0)
    folder = disk.store_folder([nquads])
    assert not folder.exists() and folder.is_relative_to(disk.cache_folder())
    first = open_engine([nquads], replace_review=True)  # reads the file, and builds the store
    assert folder.is_dir() and answers(first) == in_memory
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no half-built folder left
    second = open_engine([nquads], replace_review=True)  # opens the store read-only
    assert answers(second) == in_memory
    with pytest.raises(RuntimeError, match="read-write"):  # opened read-only: nothing can change it
        second.store.update("INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }")

    # the file changes (one model fewer): a new store, the new answers
    generator.write_nquads(paths[:2], nquads)
    os.utime(nquads, ns=(1, 1))  # a different modification time whatever the clock's resolution
    assert disk.store_folder([nquads]) != folder
    assert len(answers(open_engine([nquads], replace_review=True))[0]) == 12


def test_the_command_line_answers_alike_from_the_store(graph, tmp_path):
    """The CLI through the store (threshold 0 via a sitecustomize) and from memory print the same."""
    _, _, nquads = graph
    plain = run_roto("models", "--data", str(nquads), "--format", "csv")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text("import roto.disk_store\nroto.disk_store.LARGE = 0\n", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{hook}"}
    built, opened = (run_roto("models", "--data", str(nquads), "--format", "csv", env=env) for _ in range(2))
    assert plain.returncode == built.returncode == opened.returncode == 0
    assert plain.stdout == built.stdout == opened.stdout and plain.stdout.count("\n") == 14
    assert len(list((tmp_path / "cache" / "roto" / "stores").iterdir())) == 1
