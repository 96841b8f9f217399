"""Shared fixtures. Real components (Java, servers, Chromium) are required under CI=true
and skipped with a reason on a person's machine when they are missing."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Test this checkout's source, whatever `roto` is installed in the environment.
sys.path.insert(0, str(ROOT / "src"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip (on a person's machine) or fail (under CI=true) when a component is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


def require_executable(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"{name} is not installed")
    return path


@functools.cache
def synthetic():
    """benchmarks/generate.py as a module (it is a script, not part of the package): synthetic models."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_roto(*args: str, input: str | None = None, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter, as a user would."""
    return subprocess.run([sys.executable, "-m", "roto", *args], capture_output=True, text=True, input=input,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}, cwd=cwd or ROOT, timeout=300)


@pytest.fixture(scope="module")
def roto_runner():
    """`roto_runner.run(ARGV, cwd)`: what `run_roto` gives, through `roto.cli.main()` in one child
    process for the module (tests/in_process.py's Runner), for tests of what a command does
    rather than how a process starts."""
    from in_process import Runner

    with Runner() as runner:
        yield runner


@pytest.fixture(scope="module")
def roto_cli(roto_runner):
    """`roto_cli(*ARGS, cwd=FOLDER)`: what `run_roto(*ARGS)` gives (in the checkout unless
    told, no standard input), through the module's `roto_runner`."""
    return lambda *args, cwd=ROOT: roto_runner.run(list(args), cwd)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium for a module's browser tests (tests/chromium.py: skipped, or failed
    under CI=true, when Chromium is missing)."""
    from chromium import Browser

    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def review_dataset():
    """The compiled review (a fresh Dataset for the session; tests must not mutate it)."""
    from roto.build.compiler import compile_review

    return compile_review()


@pytest.fixture(scope="session")
def review_content():
    from roto.authoring import read_content

    return read_content()


@pytest.fixture(scope="session")
def store():
    from roto.store import open_store

    return open_store()


@pytest.fixture(scope="session")
def engine():
    """The local query engine over the built release (read-only: queries never change it)."""
    from roto.engine import open_engine

    return open_engine()


@pytest.fixture(scope="session")
def site_files(site_pickle) -> dict[str, bytes]:
    """The static site's files by path, rendered once (read-only: tests never change them)."""
    import pickle

    return pickle.loads(site_pickle.read_bytes())


def _shared_folder(tmp_path_factory) -> Path:
    """A folder of this test run that all its pytest-xdist workers share."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the workers' folders share this run's parent
        shared = shared.parent
    return shared


@pytest.fixture(scope="session")
def site_pickle(tmp_path_factory) -> Path:
    """`render_site("https://roto.example.net/")` pickled in a file: rendered once per test run,
    by the first worker that asks (the others wait for it and read the file)."""
    import fcntl
    import pickle

    shared = _shared_folder(tmp_path_factory)
    path = shared / "site.pickle"
    with (shared / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            from roto.web.site import render_site

            part = path.with_suffix(".part")
            part.write_bytes(pickle.dumps(render_site("https://roto.example.net/")))
            part.rename(path)
    return path


@pytest.fixture(scope="session", autouse=True)
def hermit_answers(tmp_path_factory):
    """HermiT's answer to each input computed once per test run (tests/hermit_answers.py),
    here and in the batches of tests/in_process.py; `real_hermit()` opts out."""
    import hermit_answers as answers
    from roto.reason.hermit import Hermit

    folder = _shared_folder(tmp_path_factory) / "hermit"
    folder.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(answers.FOLDER_VARIABLE, str(folder))
        patch.setattr(Hermit, "_java", answers.answering(folder))
        yield


@pytest.fixture(scope="session")
def owlapi(tmp_path_factory):
    """OWL API builds of tests/java/OwlCheck.java: `owlapi.get("5.1.20")`, compiled on first use."""
    from owlapi_harness import OwlApiBuilds

    return OwlApiBuilds(tmp_path_factory.mktemp("owlapi"))


def canonical(rdf):
    """RDF as a pyoxigraph Dataset whose blank nodes are named by RDFC-1.0 (W3C) from the
    graph's shape: two sources hold the same RDF exactly when their canonical datasets are
    equal. Milliseconds on the release, where rdflib's isomorphism takes seconds.
    `rdf`: an rdflib graph (its triples) or pyoxigraph quads."""
    import pyoxigraph as ox

    if hasattr(rdf, "serialize"):
        rdf = ox.parse(rdf.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    dataset = ox.Dataset(rdf)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def write_input(folder: Path, name: str, content: bytes | str | None) -> Path:
    """A file a user might hand in (None: the path only, no file)."""
    path = folder / name
    if content is not None:
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def assert_refused(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """Bad input: exit 2, nothing on standard output, one `roto: error:` line holding every fragment."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("roto: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


# The slowest test files, slowest first (`--durations=0` on 2 cores). With one file per
# worker (`--dist loadfile`), a slow file started last keeps the other core idle at the end;
# started first, the many quick files fill in around it.
SLOW_FILES = ("test_release_sets.py", "test_reasoning.py", "test_site.py", "test_project_end_to_end.py",
              "test_site_for_people.py", "test_vocabulary_links.py", "test_shapes_second_engine.py",
              "test_server_limits.py", "test_hostile_inputs.py", "test_nanopubs.py", "test_tutorial.py",
              "test_server_load.py", "test_linked_data.py", "test_figure_exports.py", "test_owlapi.py")


def pytest_configure(config):
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist: keep the order below
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(SLOW_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FILES)))  # stable: each file's own order kept
