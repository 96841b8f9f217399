"""A large build's parts run in forked children (`roto.forked`): answers and errors come back,
a child that dies is one line, a cancelled one leaves nothing running or half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roto.errors import RotoError
from roto.forked import Forked


def test_the_answer_comes_back_from_the_child():
    big = bytes(range(256)) * 40_000  # 10 MB: more than a pipe holds at once
    job = Forked(lambda: (os.getpid(), big[::-1]))
    pid, answer = job.result()
    assert pid != os.getpid() and answer == big[::-1]


def test_bytes_come_back_as_they_are():
    """A build's files are returned unpickled; empty bytes are an answer too."""
    big = bytes(range(256)) * 40_000
    assert Forked(lambda: big[::-1]).result() == big[::-1]
    assert Forked(lambda: b"").result() == b""
    assert Forked(lambda: bytearray(b"ab")).result() == bytearray(b"ab")  # not bytes: pickled


def test_bytes_cut_short_are_not_an_answer(monkeypatch):
    """A child whose bytes could not all be written (no room) hands back the error, never a
    part of its bytes: the build would write that part as a release file."""
    import tempfile

    real = tempfile.TemporaryFile

    class NoRoom:
        def __init__(self):
            self.file = real()

        def write(self, data):
            if data.startswith(b"PAYLOAD"):
                self.file.write(data[:3])
                raise OSError(28, "No space left on device")
            return self.file.write(data)

        def __getattr__(self, name):
            return getattr(self.file, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    monkeypatch.setattr("roto.forked.tempfile.TemporaryFile", NoRoom)
    with pytest.raises(OSError, match="No space left"):
        Forked(lambda: b"PAYLOAD" * 1000).result()


def test_the_childs_exception_is_raised_in_the_parent():
    def fail():
        raise RotoError("models/x.toml: broken")

    with pytest.raises(RotoError, match=r"models/x\.toml: broken"):
        Forked(fail).result()


def test_a_child_that_dies_is_one_line():
    job = Forked(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(RotoError, match=r"stopped without an answer \(signal 9"):
        job.result()


def test_cancel_stops_the_child():
    job = Forked(lambda: time.sleep(60))
    pid = job._pid
    job.cancel()
    with pytest.raises(ChildProcessError):  # reaped: no such child any more
        os.waitpid(pid, os.WNOHANG)


def test_a_child_ends_with_its_parent():
    """A killed `roto build` leaves no child working on (Linux: PR_SET_PDEATHSIG)."""
    script = "import os, time; from roto.forked import Forked; print(Forked(lambda: time.sleep(60))._pid, flush=True); os._exit(0)"
    src = Path(__file__).resolve().parents[1] / "src"
    pid = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True,
                             env={**os.environ, "PYTHONPATH": str(src)}).stdout)
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent (now init) has not reaped it


def test_without_fork_the_work_runs_when_asked_for(monkeypatch):
    monkeypatch.delattr(os, "fork")
    job = Forked(os.getpid)
    assert job.result() == os.getpid()


def test_a_cancelled_store_leaves_no_half_written_folder(tmp_path, monkeypatch):
    import roto.disk_store as disk

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(disk, "LARGE", 0)
    nquads = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> <https://example.org/g> .\n"
    cancelled = disk.Prebuild()
    cancelled.take(nquads * 1000)
    assert cancelled.loading  # started, its input not ended
    cancelled.cancel()
    assert list(disk.cache_folder().iterdir()) == []
    written = tmp_path / "roto.nq"
    written.write_bytes(nquads)
    opened = disk.ox.Store(str(tmp_path / "opened"))  # a RocksDB database open in this process:
    prebuilt = disk.Prebuild()  # a forked child would wait forever on its locks (it did)
    prebuilt.take(nquads)
    prebuilt.take(None)
    assert prebuilt.loading
    prebuilt.install([written])
    assert [p.name for p in disk.cache_folder().iterdir()] == [disk.store_folder([written]).name]
    assert len(disk.ox.Store.read_only(str(disk.store_folder([written])))) == 1
    del opened


def test_a_stream_brings_the_pieces_in_order_while_the_child_works():
    from roto.forked import Stream

    stream = Stream()
    pieces = [bytes([n]) * (n * 50_000) for n in range(1, 6)]  # more than a pipe holds, unread

    def send_all():
        for piece in pieces:
            stream.send(piece)
        return len(pieces)

    try:
        child = Forked(send_all)
        stream.forked()
        assert list(stream) == pieces and child.result() == 5
    finally:
        stream.close()


def test_a_stream_ends_when_its_child_dies():
    from roto.forked import Stream

    stream = Stream()

    def send_then_die():
        stream.send(b"first")
        os.kill(os.getpid(), signal.SIGKILL)

    try:
        child = Forked(send_then_die)
        stream.forked()
        assert list(stream) == [b"first"]
        with pytest.raises(RotoError, match="stopped without an answer"):
            child.result()
    finally:
        stream.close()
