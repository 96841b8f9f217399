"""Work run in a forked child while the caller goes on: a large build's or validation's
independent parts on both of a laptop's cores.

A forked child shares the parent's memory copy-on-write, so it reads the compiled graph or a
file's bytes without their being copied or pickled; only its answer comes back, pickled into
an unnamed temporary file. Where `os.fork` does not exist (Windows) the work runs in the
caller when its answer is asked for: the same answer, one part after the other. A `Stream`
brings pieces of a child's work to the parent while the child goes on.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import tempfile
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .errors import RotoError

T = TypeVar("T")


class Forked(Generic[T]):
    """`work()` started in a child now; `result()` waits for it and returns its value or raises
    its exception; `cancel()`, or leaving a `with` block, stops it if it still runs. The child
    writes its answer to an unnamed temporary file and exits, freeing its memory at once,
    however late the parent asks for the answer (through a pipe, a finished child would wait,
    holding its memory, until then)."""

    def __init__(self, work: Callable[[], T]):
        self._work: Callable[[], T] | None = work
        self._pid = 0
        if hasattr(os, "fork"):
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result() or cancel()
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:  # the child: answer, then leave without the parent's exit handlers
                try:
                    end_with_parent(parent)
                    _answer(self._file, work)
                finally:
                    os._exit(1)
            self._pid = pid

    def result(self) -> T:
        if not self._pid:
            work, self._work = self._work, None
            if work is None:
                raise RuntimeError("Forked.result() asked for twice")
            return work()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        with self._file:
            kind, answer = _read_answer(self._file.fileno())
        if not os.WIFEXITED(status) or not kind or (kind == _BYTES and os.WEXITSTATUS(status)):  # bytes cut short
            how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
            raise RotoError(f"a process working beside this one stopped without an answer ({how}: out of memory?)")
        if kind == _BYTES:
            return answer  # type: ignore[return-value]  # the work's own bytes
        ok, value = pickle.loads(answer)
        if not ok:
            raise value
        return value

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.cancel()  # a no-op once the answer was taken; else an error stopped the caller

    def cancel(self) -> None:
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)  # not reaped yet, so the pid is still the child's
            os.waitpid(self._pid, 0)
            self._pid = 0
            self._file.close()
        self._work = None


class Stream:
    """Pieces of bytes a forked child sends while it works, read by the parent as they come
    (the parent takes in the first while the child makes the next). Each piece goes to an
    unnamed temporary file, so the child never waits for its reader as it would on a full
    pipe, and its length to a pipe. Made before the fork; `forked()` in the parent after it."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._lengths, self._write = os.pipe()
        self._offset = 0

    def send(self, piece: bytes) -> None:
        """In the child: one piece, whole in the file before its length is in the pipe."""
        self._file.write(piece)
        self._file.flush()
        os.write(self._write, struct.pack("=Q", len(piece)))  # 8 bytes: written whole

    def forked(self) -> None:
        """In the parent once the child runs: the pipe ends when the child's end closes."""
        os.close(self._write)
        self._write = -1

    def __iter__(self) -> Iterator[bytes]:
        """In the parent: each piece, until the child ends (a child that dies ends it early)."""
        while len(head := _read(self._lengths, 8)) == 8:
            (length,) = struct.unpack("=Q", head)
            piece = b""
            while len(piece) < length:
                more = os.pread(self._file.fileno(), length - len(piece), self._offset + len(piece))
                if not more:
                    break
                piece += more
            self._offset += length
            yield piece

    def close(self) -> None:
        for fd in (self._lengths, self._write):
            if fd >= 0:
                os.close(fd)
        self._lengths = self._write = -1
        self._file.close()


def _read(fd: int, size: int) -> bytes:
    data = b""
    while len(data) < size and (more := os.read(fd, size - len(data))):
        data += more
    return data


_ROCKSDB_OPENED: list[bool] = []  # not empty once this process opened an on-disk store


def rocksdb_opened() -> None:
    """Said by `roto.disk_store` when it opens an on-disk store: `can_fork()` is False from then
    on, since a forked child finds RocksDB's locks held by threads that do not exist in it."""
    _ROCKSDB_OPENED[:] = [True]


def can_fork() -> bool:
    """Whether work optional to fork (a validation's parts, done in order otherwise) may be:
    only where this process may run on two CPUs or more (on one, a second process would
    only add its own cost) and has not opened an on-disk store."""
    return hasattr(os, "fork") and not _ROCKSDB_OPENED and _cpus() >= 2


def _cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def end_with_parent(parent: int) -> None:
    """Have Linux stop this child when the parent dies (a killed build leaves no work running)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):  # not Linux (Windows: no CDLL(None)): it finishes its work
        return
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


# An answer's first byte: bytes as they are (a large build's files, hundreds of MB: pickling
# would copy them once in the child and once more in the parent) or anything else pickled.
_BYTES, _PICKLED = b"b", b"p"


def _answer(file, work: Callable[[], object]) -> None:
    """Run `work` and write its value, or the exception it raised, to `file`, then exit."""
    code = 0
    try:
        value = work()
        if type(value) is bytes:
            file.write(_BYTES)
            file.write(value)
            file.flush()
            os._exit(0)
        answer = pickle.dumps((True, value), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # handed to the parent, which raises it
        code = 1
        file.seek(0)  # bytes begun and cut short (no room) are not an answer
        file.truncate()
        try:
            answer = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that does not pickle: its text
            answer = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    file.write(_PICKLED)
    file.write(answer)
    file.flush()
    os._exit(code)


def _read_answer(fd: int) -> tuple[bytes, bytes]:
    """The kind of answer a child wrote (empty if none) and the answer, read straight into one
    bytes object (no buffered copy of a file of hundreds of MB)."""
    kind = os.pread(fd, 1, 0)
    size, pieces = os.fstat(fd).st_size - 1, [b""]
    while (done := sum(map(len, pieces))) < size and (more := os.pread(fd, min(size - done, 1 << 30), 1 + done)):
        pieces.append(more)  # one piece below 1 GB: no join, no copy
    answer = pieces[-1] if len(pieces) <= 2 else b"".join(pieces)
    return kind, answer
