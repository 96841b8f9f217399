"""A large `--data` file, or a large project's release, is answered from a prebuilt on-disk
store, opened read-only, with the answers of the files read into memory; a changed file gets
a new store. The threshold is lowered here so that a small generated graph counts as large
(the sizes where the store pays are in benchmarks/scale.py): in this process by setting it,
in the processes a test starts by a sitecustomize module on their path (`HOOK`)."""

from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

import pytest

from conftest import ROOT, run_roto, synthetic
from servers import roto_serve

NS = "https://example.org/big/"
HOOK = "import roto.disk_store\nroto.disk_store.LARGE = 0\n"

QUESTIONS = [("models", {}), ("evidence", {"model": "synthetic-000002"}), ("models-by-relationship", {"relationship": "family"})]


@pytest.fixture
def graph(tmp_path, monkeypatch):
    generator = synthetic()
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
    env = large_env(tmp_path, tmp_path / "cache")
    built, opened = (run_roto("models", "--data", str(nquads), "--format", "csv", env=env) for _ in range(2))
    assert plain.returncode == built.returncode == opened.returncode == 0
    assert plain.stdout == built.stdout == opened.stdout and plain.stdout.count("\n") == 14
    assert len(list((tmp_path / "cache" / "roto" / "stores").iterdir())) == 1


def large_env(folder: Path, cache: Path) -> dict[str, str]:
    """The environment of a command for which every file is large, caching its stores in `cache`."""
    hook = folder / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    return {"XDG_CACHE_HOME": str(cache), "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{hook}"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project of three generated models, built by `roto build` with every release large (so
    the build also builds the store, in `cache`), and a saved inferred graph of one statement."""
    from roto.store import INFERRED_HEADER, digest

    work = tmp_path_factory.mktemp("large")
    folder, cache = work / "big", work / "cache"
    assert run_roto("init", str(folder), "--namespace", NS, "--prefix", "big", "--title", "Big").returncode == 0
    generator = synthetic()
    generator.generate(3, folder / "models", seed=3)
    built = run_roto("build", cwd=folder, env=large_env(work, cache))
    assert built.returncode == 0, built.stderr
    release = folder / "release"
    (release / "roto-inferred.nq").write_text(
        f"{INFERRED_HEADER}{digest(release / 'roto.nq')}\n<{NS}model/synthetic-000001> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/roto/ReciprocalModel> "
        "<https://w3id.org/roto/graph/inferred> .\n", encoding="utf-8")
    return folder, cache


INFERRED_ASK = f"ASK {{ <{NS}model/synthetic-000001> a <https://w3id.org/roto/ReciprocalModel> }}"


@pytest.fixture
def large(project, tmp_path, monkeypatch):
    """This process on the project, every file large, with a cache of its own."""
    import roto.disk_store as disk

    monkeypatch.setenv("ROTO_PROJECT", str(project[0]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(disk, "LARGE", 0)
    return disk


def test_roto_build_builds_the_store_of_a_large_release(project, monkeypatch):
    import roto.disk_store as disk

    folder, cache = project
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    written = folder / "release" / "roto.nq"
    stored = disk.ox.Store.read_only(str(disk.store_folder([written])))  # exactly roto.nq's quads,
    read = disk.ox.Store()  # as read into memory (a store keeps xsd:positiveInteger as xsd:integer)
    read.bulk_load(path=written, format=disk.ox.RdfFormat.N_QUADS)
    assert canonical(stored) == canonical(read) and len(stored) > 1000


def canonical(quads) -> set:
    """The quads with their blank nodes named by their place in the graph (each reader names them anew)."""
    import pyoxigraph as ox

    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def test_a_large_release_answers_alike_from_its_store(project, large, monkeypatch):
    """The canned queries, roto.open() and the inferred graph, in memory and from the store."""
    import roto
    from roto.engine import open_engine

    release = project[0] / "release"
    monkeypatch.setattr(large, "LARGE", 10**12)
    in_memory, inferred = answers(open_engine()), open_engine(inferred=True).query(INFERRED_ASK)
    opened = roto.open(project=project[0]).table("resources").rows
    assert len(in_memory[0]) == 13 and inferred and not list(large.cache_folder().glob("*"))
    monkeypatch.setattr(large, "LARGE", 0)
    first = open_engine()  # reads roto.nq, and builds the store
    assert large.store_folder([release / "roto.nq"]).is_dir() and answers(first) == in_memory
    second = open_engine()  # opens it read-only
    assert answers(second) == in_memory
    with pytest.raises(RuntimeError, match="read-write"):
        second.store.update("INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }")
    assert roto.open(project=project[0]).table("resources").rows == opened
    assert open_engine(inferred=True).query(INFERRED_ASK)  # one store of roto.nq and roto-inferred.nq
    assert large.store_folder([release / "roto.nq", release / "roto-inferred.nq"]).is_dir()
    assert len(list(large.cache_folder().iterdir())) == 2


def test_a_rebuilt_release_replaces_its_store(project, large, tmp_path, monkeypatch):
    """`roto build` writes a new roto.nq (here: the same with one statement more) and builds
    its store; the store of the old one is deleted."""
    from roto.engine import open_engine
    from roto.files import write_atomic
    from roto.store import prebuild_release

    copy = tmp_path / "copy"
    shutil.copytree(project[0], copy)  # the files' times kept: the release is still newer than its inputs
    monkeypatch.setenv("ROTO_PROJECT", str(copy))
    nquads = copy / "release" / "roto.nq"
    prebuild_release()
    old = large.store_folder([nquads])
    assert old.is_dir() and answers(open_engine())[0]
    write_atomic(nquads, nquads.read_bytes() + f"<{NS}model/x> <https://example.org/p> \"new\" .\n".encode())
    prebuild_release()
    assert [p.name for p in large.cache_folder().iterdir()] == [large.store_folder([nquads]).name] != [old.name]
    assert open_engine().query(f'ASK {{ <{NS}model/x> ?p "new" }}')


def test_a_damaged_store_is_rebuilt(project, large):
    from roto.engine import open_engine

    folder = large.store_folder([project[0] / "release" / "roto.nq"])
    folder.mkdir(parents=True)
    (folder / "CURRENT").write_text("not a database\n", encoding="utf-8")
    assert len(answers(open_engine())[0]) == 13  # answered from memory, and the store built again
    assert len(answers(open_engine())[0]) == 13 and (folder / "CURRENT").read_text() != "not a database\n"


def test_the_commands_answer_alike_from_the_store_built_once(project, tmp_path):
    folder, _ = project
    commands = [("models", "-f", "csv"), ("sparql", "--inferred", INFERRED_ASK)]
    plain = [run_roto(*command, cwd=folder) for command in commands]
    cache = tmp_path / "cache"
    env = large_env(tmp_path, cache)
    built = [run_roto(*command, cwd=folder, env=env) for command in commands]
    stores = {p: p.stat().st_ino for p in (cache / "roto" / "stores").iterdir()}
    opened = [run_roto(*command, cwd=folder, env=env) for command in commands]
    assert [r.stdout for r in plain] == [r.stdout for r in built] == [r.stdout for r in opened]
    assert all(r.returncode == 0 and not r.stderr for r in plain + built + opened)
    assert plain[0].stdout.count("\n") == 14 and plain[1].stdout == "yes\n"
    assert len(stores) == 2 and {p: p.stat().st_ino for p in stores} == stores  # built once, then opened


def test_an_unwritable_cache_still_answers(project, tmp_path):
    folder, _ = project
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")  # the cache cannot be made under a file
    command = ("query", "models-by-relationship", "--param", "relationship=family")
    plain = run_roto(*command, cwd=folder)
    cached = run_roto(*command, cwd=folder, env=large_env(tmp_path, blocked))
    assert cached.returncode == 0 and not cached.stderr and cached.stdout == plain.stdout and "Synthetic" in plain.stdout


def test_serve_answers_from_the_store_in_each_process(project, tmp_path):
    """The server and its query workers open the store themselves; the app holds its files open."""
    import json

    from http_helpers import fetch

    folder, _ = project
    query = f"SELECT ?m WHERE {{ ?m a <https://w3id.org/roto/TherapeuticModel> FILTER STRSTARTS(STR(?m), \"{NS}\") }}"
    cache = tmp_path / "cache"
    with roto_serve(tmp_path, "--project", str(folder), "--workers", "2", env=large_env(tmp_path, cache)) as server:
        fds = f"/proc/{server.process.pid}/fd"
        held = {os.path.realpath(f"{fds}/{fd}") for fd in os.listdir(fds)}
        replies = [fetch(server.port, "GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                         headers={"Accept": "application/sparql-results+json"}) for text in (query, INFERRED_ASK)]
    assert [r.status for r in replies] == [200, 200], server.errors
    models, inferred = (json.loads(r.text) for r in replies)
    assert sorted(b["m"]["value"] for b in models["results"]["bindings"]) == [f"{NS}model/synthetic-00000{n}" for n in (1, 2, 3)]
    assert inferred["boolean"] is True
    stores = cache / "roto" / "stores"
    assert any(path.startswith(str(stores)) for path in held)
    assert len(list(stores.iterdir())) == 2  # roto.nq's (the pages), and with roto-inferred.nq (the endpoint)


def test_a_prebuild_starts_when_its_pieces_reach_large_and_holds_every_quad(tmp_path, monkeypatch):
    """The pieces given before the loader starts (at LARGE bytes) and after it are all in the store;
    below LARGE no process starts and no store is built."""
    import roto.disk_store as disk

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pieces = [b"".join(f"<https://example.org/s{n}> <https://example.org/p> \"{n}\" <https://example.org/g{graph}> .\n".encode()
                       for n in range(graph * 1000, graph * 1000 + 1000)) for graph in range(4)]
    monkeypatch.setattr(disk, "LARGE", len(pieces[0]) + 1)
    written = tmp_path / "roto.nq"
    written.write_bytes(b"".join(pieces))
    small = disk.Prebuild()
    small.take(pieces[0])
    assert not small.loading
    small.take(None)
    assert not small.loading
    small.install([written])
    assert not disk.store_folder([written]).exists()
    prebuild = disk.Prebuild()
    started = []
    for piece in (*pieces, None):
        prebuild.take(piece)
        started.append(prebuild.loading)
    assert started == [False, True, True, True, True]
    prebuild.install([written])
    stored = disk.ox.Store.read_only(str(disk.store_folder([written])))
    assert set(stored) == set(disk.ox.parse(b"".join(pieces), format=disk.ox.RdfFormat.N_QUADS)) and len(stored) == 4000
