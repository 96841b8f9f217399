"""After a real (non-editable) install, no command writes inside the installed package:
the writers that default to the asset folders refuse and ask for a folder of one's own,
and every other command writes only where it is told."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, assert_refused, require


def _pip(*args: str, cwd: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, cwd=cwd, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """ROTO's wheel, built offline from this checkout and installed into a folder of its own."""
    require(importlib.util.find_spec("pip") is not None, "pip is not available to build and install the wheel")
    require(importlib.util.find_spec("hatchling") is not None,
            "hatchling is not installed (pip install hatchling): needed to build the wheel without network")
    base = tmp_path_factory.mktemp("installed")
    _pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(base / "wheel"), str(ROOT), cwd=base)
    (wheel,) = (base / "wheel").glob("roto_ontology-*.whl")
    _pip("install", "--no-deps", "--no-index", "--target", str(base / "site-packages"), str(wheel), cwd=base)
    return base / "site-packages"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")}


def test_no_command_writes_inside_the_installed_package(installed, tmp_path):
    package = installed / "roto"
    env = {**os.environ, "PYTHONPATH": str(installed)}

    def roto(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "roto", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=300)

    where = subprocess.run([sys.executable, "-c", "import roto.assets as a; print(a.asset_dir('release'))"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert Path(where.stdout.strip()) == package / "_assets" / "release"  # the installed copy, not this checkout
    before = snapshot(package)
    assert len(before) > 50

    assert_refused(roto("build"), "inside the installed package", "-o DIR")
    assert_refused(roto("reason", "--save"), "inside the installed package", "-o FILE")
    for args in (["build", "-o", "release"], ["site", "-o", "www"], ["plot", "dimensions", "-o", "d.svg"],
                 ["table", "resources", "-o", "t.csv", "-f", "csv"], ["models", "-o", "models.txt"],
                 ["evidence", "open-dialogue", "-o", "evidence.txt"], ["query", "evidence", "-o", "q.json", "-f", "json"],
                 ["validate"]):
        result = roto(*args)
        assert result.returncode == 0, (args, result.stderr)

    assert snapshot(package) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["release", "www", "d.svg", "t.csv", "models.txt", "evidence.txt", "q.json"])
    assert (tmp_path / "release" / "roto.nq").read_bytes() == (package / "_assets" / "release" / "roto.nq").read_bytes()


def test_the_wheel_carries_the_query_editor_and_the_sparql_examples(installed):
    from roto.sparql_examples import EXAMPLES_FILE
    from roto.web.editor import EDITOR_FILES

    package = installed / "roto"
    for path, (static, _) in EDITOR_FILES.items():  # the vendored YASGUI, its licences and our script
        assert (package / "web/static" / static).read_bytes() == (ROOT / "src/roto/web/static" / static).read_bytes(), path
    assert (package / "_assets" / "release" / EXAMPLES_FILE).read_bytes() == (ROOT / "release" / EXAMPLES_FILE).read_bytes()
