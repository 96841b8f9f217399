"""The cache of compiled triples in a project (`roto.check.triples_cache`): the data a run
validates from it is the data compiled afresh, whatever changed (a model file, roto.toml, the
framework, ROTO's code) and whatever happened to the cache (an entry corrupted, cut short,
or whole but not N-Triples); a defect in an edited file is reported."""

from __future__ import annotations

import hashlib
import shutil
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT, synthetic
from project_files import OWN_SOURCE

# OWN_SOURCE with a second reference, a hedge and a nuance: more of what the compiler makes.
HEDGED = (OWN_SOURCE.replace('1 = "Author A"\n', '1 = "Author A"\n2 = "Author B"\n')
          .replace('key-texts = { cites = "1"', 'key-texts = { cites = "1-2"')
          .replace('cites = "1" }', 'cites = "1", qualifiers = [{ kind = "arguable", note = "It says so once.", cites = "2" }] }')
          .replace('decision-making = { uses = true, at = "home-description" }',
                   'decision-making = { uses = true, at = "home-description", nuance = "In its own words." }'))
CONFIG = 'title = "Cache"\nnamespace = "https://example.org/cache/"\nprefix = "cache"\n' \
         'creators = [{ name = "A. Author", orcid = "https://orcid.org/0000-0002-1825-0097" }]\n'


@pytest.fixture
def project(tmp_path) -> Path:
    """A project of three generated models and one of its own source, with hedges."""
    root = tmp_path / "project"
    synthetic().generate(3, root / "models", seed=7)
    (root / "models" / "hedged.toml").write_text(HEDGED, encoding="utf-8")
    (root / "roto.toml").write_text(CONFIG, encoding="utf-8")
    return root


def _entries(root: Path) -> dict[str, bytes]:
    folder = root / ".roto" / "compiled"
    return {p.name: p.read_bytes() for p in folder.glob("*.nt")} if folder.is_dir() else {}


def _triples(entry: bytes) -> set:
    head, _, body = entry.partition(b"\n")
    assert head.startswith(b"# sha256 ")
    return set(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))


def _load(root: Path):
    from roto.check import load_store
    from roto.project import read

    return load_store([], project=read(root))[0]


def _same_as_compiled(root: Path, data) -> None:
    """`data` (loaded with the cache) holds what compiling every file afresh gives."""
    from roto.check.store_data import StoreData
    from roto.loader import load
    from roto.project import read

    fresh = StoreData(chain(*load([], read(root)).graphs.values()))
    assert set(data.store) == set(fresh.store)
    assert data.literals == fresh.literals and data.merged == fresh.merged is None


def test_each_entry_is_its_file_compiled_alone(project):
    """The ground of telling apart the triples of files compiled together (the module's
    docstring): for every file, its entry holds what its records compile to alone."""
    from roto.authoring import read_content
    from roto.build.compiler import compile_graphs
    from roto.build.quads import term_converter
    from roto.check import triples_cache
    from roto.project import read

    _load(project)
    entries = _entries(project)
    assert (project / ".roto" / "compiled" / ".gitignore").read_text() == "*\n"
    parts = triples_cache.by_file(read_content([], project=read(project)))
    assert len(entries) == len(parts) > 5  # the review's files, roto.toml, each model file
    fixed, term = triples_cache._fixed(), term_converter()
    checked = [origin for origin in parts if not origin.startswith(str(ROOT)) or origin.endswith("claims.toml")]
    assert len(checked) == 6  # roto.toml, the four model files and the review's claims (hedged)
    for origin in checked:
        part = parts[origin]
        alone = {ox.Triple(term(s), term(p), term(o)) for triples in compile_graphs(part).values()
                 for s, p, o in triples if (s, p, o) not in fixed}
        body = entries[triples_cache.key(origin, part) + ".nt"].partition(b"\n")[2]
        assert {ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)} == alone, origin


def test_a_warm_run_compiles_nothing_and_holds_the_same_data(project, monkeypatch):
    from roto.check import triples_cache

    cold = _load(project)
    written = _entries(project)
    compiled: list = []
    real = triples_cache.TriplesCache.__call__
    monkeypatch.setattr(triples_cache.TriplesCache, "__call__",
                        lambda self, content: compiled.append(real(self, content)) or compiled[-1])
    warm = _load(project)
    assert set(warm.store) == set(cold.store) and warm.literals == cold.literals
    _same_as_compiled(project, warm)
    assert _entries(project) == written
    assert not [t for t in chain(*compiled[0].values()) if str(t[0]).startswith("https://example.org/cache/")]


def test_an_edited_file_is_compiled_again_and_its_defect_reported(project):
    from roto.check import load_shapes, load_store, validate
    from roto.project import read

    _load(project)
    before = set(_entries(project))
    model = project / "models" / "synthetic-000002.toml"
    text = model.read_text()
    start = text.index("[models.synthetic-000002.reciprocity]")
    end = text.find("\n[", start)
    model.write_text(text[:start] + (text[end + 1:] if end >= 0 else ""))
    data, origins = load_store([], project=read(project))
    _same_as_compiled(project, data)
    after = set(_entries(project))
    assert len(after - before) == 1 and len(before - after) == 1  # the old entry is removed
    report = validate(data, load_shapes(), origins)
    assert not report.conforms
    [violation] = [r for r in report.results if r.severity == "Violation"]
    assert violation.property == "has reciprocity" and (violation.file or "").endswith("models/synthetic-000002.toml")


def test_another_config_framework_or_roto_means_new_entries(project, monkeypatch, tmp_path):
    from roto import assets
    from roto.check import triples_cache

    _load(project)
    first = set(_entries(project))
    # roto.toml: another namespace, so every file of the project compiles to other IRIs
    (project / "roto.toml").write_text(CONFIG.replace("example.org/cache/", "example.org/moved/"))
    _same_as_compiled(project, _load(project))
    moved = set(_entries(project))
    assert len(moved - first) >= 5  # roto.toml and the four model files; the review's kept
    # the framework: a label of a resource type changed, the model files' records unchanged
    review = tmp_path / "review"
    shutil.copytree(assets.asset_dir("review"), review)
    framework = review / "framework.toml"
    framework.write_text(framework.read_text().replace('label = "Social relationships"', 'label = "kin"', 1))
    assert "kin" in framework.read_text()
    real = assets.asset_dir
    monkeypatch.setattr(assets, "asset_dir", lambda name: review if name == "review" else real(name))
    _same_as_compiled(project, _load(project))
    relabelled = set(_entries(project))
    assert 1 <= len(relabelled - moved) < len(moved)
    # another ROTO: every entry made again
    monkeypatch.setattr(triples_cache, "_code", lambda: b"another roto")
    _same_as_compiled(project, _load(project))
    assert not set(_entries(project)) & relabelled


@pytest.mark.parametrize("damage", ["garbage", "cut short", "whole but not N-Triples", "another file's entry"])
def test_a_damaged_entry_is_never_used(project, damage):
    _load(project)
    folder = project / ".roto" / "compiled"
    entries = sorted(folder.glob("*.nt"), key=lambda p: -p.stat().st_size)
    victim, other = entries[0], entries[1]
    data = victim.read_bytes()
    if damage == "garbage":
        victim.write_bytes(b"\0\xff" * 100)
    elif damage == "cut short":
        victim.write_bytes(data[:len(data) // 2])
    elif damage == "whole but not N-Triples":
        body = b"<not> N-Triples at all\n"
        name = victim.name.removesuffix(".nt").encode()
        victim.write_bytes(b"# sha256 " + hashlib.sha256(name + b"\n" + body).hexdigest().encode() + b"\n" + body)
    else:
        victim.write_bytes(other.read_bytes())
    _same_as_compiled(project, _load(project))
    assert _triples(victim.read_bytes()) == _triples(data)  # written again
