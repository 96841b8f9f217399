"""`roto build` and `roto site` switch in a whole new set of files in one step: killed
(SIGKILL) at any point of writing, they leave the old set or the new one, never a mix; the
next run leaves no litter; files are readable by a web server whatever the umask; a file
the user put in the folder is never deleted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, assert_refused, run_roto
from roto.build.release import RELEASE_FILES
from roto.store import INFERRED_FILE

# Runs the CLI with a SIGKILL injected at one point of the writing: `point count args...`
# (point "none": no kill). What is written is rendered once per test run (the pickles named
# by RENDERS: the committed release, which `roto build` writes, the site of `render_site`, planned as `site_plan` would): the subject
# here is how a set of files is switched in, which each run would otherwise wait seconds for.
KILLER = r"""
import os, pickle, signal, sys
from pathlib import Path
import roto.build.release, roto.web.site
import roto.file_set as fs

renders = {name: Path(path) for name, path in (item.split("=", 1) for item in os.environ["RENDERS"].split(os.pathsep))}
roto.build.release.render = lambda content=None, **options: pickle.loads(renders["build"].read_bytes())
roto.web.site.site_plan = lambda public_url: {path: (lambda data=data: data)
                                              for path, data in pickle.loads(renders["site"].read_bytes()).items()}

point, count = sys.argv[1], int(sys.argv[2])
calls = [0]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def counting(original):
    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == count:
            die()
        return original(*args, **kwargs)
    return wrapper

real_exchange = fs._exchange
if point == "write":  # while writing the count-th file of the new set
    fs._write_new = counting(fs._write_new)
elif point == "before-switch":
    fs._exchange = lambda a, b: die()
elif point == "after-switch":
    fs._exchange = lambda a, b: (real_exchange(a, b), die())
elif point == "removing-old":  # after deleting count-1 files of the old set
    def exchange_then_count(a, b):
        done = real_exchange(a, b)
        os.unlink = counting(os.unlink)
        return done
    fs._exchange = exchange_then_count
elif point == "two-step":  # no exchange on this system: between renaming the old set aside and the new one in
    fs._exchange = lambda a, b: False
    Path.rename = counting(Path.rename)

from roto.cli import main
sys.exit(main(sys.argv[3:]))
"""
KILL_POINTS = [("write", 1), ("write", 7), ("before-switch", 0), ("after-switch", 0),
               ("removing-old", 3), ("two-step", 1)]


def rendered_run(renders: str, point: str, count: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLER, point, str(count), *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "RENDERS": renders}, cwd=ROOT, timeout=300)


def killed(renders: str, point: str, count: int, *args: str) -> subprocess.CompletedProcess:
    result = rendered_run(renders, point, count, *args)
    assert result.returncode == -9, result.stderr  # it really was killed there
    return result


def run_rendered(renders: str, *args: str) -> subprocess.CompletedProcess:
    """`roto ARGS` writing what `renders` holds."""
    return rendered_run(renders, "none", 0, *args)


def contents(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    """What a whole `roto build` writes: the committed release (test_release.py holds fresh builds to it)."""
    return {name: (ROOT / "release" / name).read_bytes() for name in RELEASE_FILES}


@pytest.fixture(scope="module")
def renders(rendered, site_pickle, tmp_path_factory) -> str:
    """The RENDERS of KILLER: the release `rendered` and the site, as pickles."""
    import pickle

    build = tmp_path_factory.mktemp("renders") / "build.pickle"
    build.write_bytes(pickle.dumps(rendered))
    return os.pathsep.join([f"build={build}", f"site={site_pickle}"])


@pytest.fixture(scope="module")
def rerun(renders):
    """`rerun(*ARGS)`: `run_rendered(renders, *ARGS)` in one long-lived child for the module
    (tests/in_process.py): the run after a kill starts afresh whatever process it is in, and
    it is the killed run that needs a process of its own."""
    from in_process import Runner

    with Runner(env={"RENDERS": renders}) as runner:
        yield lambda *args: runner.run(["none", "0", *args], ROOT, code=KILLER)


@pytest.mark.parametrize("point, count", KILL_POINTS)
def test_a_build_killed_anywhere_leaves_the_old_release_or_the_new(tmp_path, rendered, renders, rerun, point, count):
    out = tmp_path / "release"
    out.mkdir()
    old = {name: f"old {name}\n".encode() for name in RELEASE_FILES} | {INFERRED_FILE: b"# saved inferred graph\n"}
    for name, data in old.items():
        (out / name).write_bytes(data)
    new = rendered | {INFERRED_FILE: old[INFERRED_FILE]}  # the saved inferred graph is kept

    killed(renders, point, count, "build", "-o", str(out))
    if point == "two-step":  # without an exchange, the kill left no release/: the next run puts the old one back
        assert contents(out) is None
        from roto.file_set import clean_litter
        clean_litter(out)
    assert contents(out) in (old, new), "a mix of two builds"
    assert contents(out) == (new if point in ("after-switch", "removing-old") else old)

    again = rerun("build", "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert contents(out) == new
    assert [p.name for p in tmp_path.iterdir()] == ["release"]  # no litter left


@pytest.mark.parametrize("point, count", [("write", 300), ("after-switch", 0)])
def test_a_site_killed_midway_leaves_one_whole_site_and_the_users_file(tmp_path, renders, rerun, point, count):
    out = tmp_path / "www"
    out.mkdir()
    (out / ".roto-site").write_text("index.html\n")
    (out / "index.html").write_text("the old site")
    (out / "draft.docx").write_bytes(b"the user's draft")

    killed(renders, point, count, "site", "-o", str(out))
    files = contents(out)
    manifest = files[".roto-site"].decode().splitlines()
    assert files["draft.docx"] == b"the user's draft"
    if point == "write":
        assert (manifest, files["index.html"]) == (["index.html"], b"the old site")
    else:
        assert len(manifest) > 100 and files["index.html"] != b"the old site"
    assert set(files) == {*manifest, ".roto-site", "draft.docx"}  # every listed file, nothing else

    again = rerun("site", "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert (out / "draft.docx").read_bytes() == b"the user's draft"
    assert [p.name for p in tmp_path.iterdir()] == ["www"]


def test_files_are_readable_by_a_web_server_whatever_the_umask(tmp_path, renders):
    previous = os.umask(0o077)
    try:
        build = run_rendered(renders, "build", "-o", str(tmp_path / "release"))
        site = run_rendered(renders, "site", "-o", str(tmp_path / "www"))
        table = run_roto("table", "resources", "-o", str(tmp_path / "table.txt"))
    finally:
        os.umask(previous)
    assert (build.returncode, site.returncode, table.returncode) == (0, 0, 0), build.stderr + site.stderr
    written = [tmp_path / "table.txt", tmp_path / "release", tmp_path / "www",
               *(tmp_path / "release").rglob("*"), *(tmp_path / "www").rglob("*")]
    wrong = [(p, oct(p.stat().st_mode & 0o777)) for p in written
             if p.stat().st_mode & 0o777 != (0o755 if p.is_dir() else 0o644)]
    assert len(written) > 800 and wrong == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_answer_written_with_o_clears_only_rotos_own_leftovers(tmp_path, roto_runner):
    leftover = tmp_path / f".answer.txt.roto-tmp-{_dead_pid()}-k1ll3d"
    leftover.write_text("half an answer")
    other = tmp_path / ".answer.txt.tmp"  # not a name ROTO makes: not ROTO's to delete
    other.write_text("someone else's")
    result = roto_runner.run(["table", "resources", "-o", str(tmp_path / "answer.txt")], ROOT)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".answer.txt.tmp", "answer.txt"]


def test_build_refuses_a_folder_holding_other_files(tmp_path, roto_runner):
    (tmp_path / "roto.ttl").write_text("an old release file")
    (tmp_path / "draft.docx").write_bytes(b"the user's draft")
    assert_refused(roto_runner.run(["build", "-o", str(tmp_path)], ROOT), "draft.docx", "roto build did not write")
    assert (tmp_path / "draft.docx").read_bytes() == b"the user's draft"
    assert (tmp_path / "roto.ttl").read_text() == "an old release file"


@pytest.mark.parametrize("command", [["build", "-o", "."], ["site", "-o", "."], ["site", "-o", ".."]])
def test_the_folder_one_is_in_is_not_replaced(tmp_path, roto_runner, command):
    here = tmp_path / "work"
    here.mkdir()
    assert_refused(roto_runner.run(command, here), "is the current folder or holds it")
    assert here.is_dir() and sorted(p.name for p in tmp_path.iterdir()) == ["work"]
