"""A large data file opened from a prebuilt on-disk store instead of parsed at every start.

From about 10^5 quads, reading N-Quads into memory at each start costs far more than opening
an on-disk pyoxigraph store read-only (4.6 s against 0.44 s at 10,000 models). So the first
command that reads a large `--data` file (after the loader's checks, as always) also copies
it into a store under the user's cache folder (`$XDG_CACHE_HOME/roto/stores`, else
`~/.cache/roto/stores`: never inside the installed package), and later commands open that
store read-only. The store is named by the file's absolute path, size and modification
time (the release's too, when the file adds to it) and by the ROTO and pyoxigraph versions,
so a changed file (or another reader) gets a new one, and the store of the same files as
they were is deleted then. It is written in a temporary folder and renamed into place, so a
killed build leaves nothing a later command would open. The cache is only a shortcut: when
it cannot be written, the command answers from memory. A large project's release is opened
the same way (`roto.store.open_release`), its store built by `roto build` (`prebuild`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ._version import __version__

TYPE_CHECKING = False  # not typing's: the answering commands do not import typing (their start-up budget)
if TYPE_CHECKING:
    import queue
    import subprocess
    import threading
    from typing import BinaryIO

LARGE = 16_000_000  # bytes of RDF, about 10^5 quads: below this, parsing is as fast as opening a store


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "roto" / "stores"


def store_folder(paths: list[Path]) -> Path:
    """Where the store of the files `paths`, as they are now, lives (whether built yet or not):
    named `WHICH-STATE`, WHICH naming the files and versions, STATE their sizes and times."""
    import hashlib

    def digest(parts: list[str]) -> str:
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    which = digest([__version__, ox.__version__, *(str(path.resolve()) for path in paths)])
    state = digest([f"{status.st_size} {status.st_mtime_ns}" for status in (path.stat() for path in paths)])
    return cache_folder() / f"{which}-{state}"


def _large(paths: list[Path]) -> bool:
    try:
        return sum(path.stat().st_size for path in paths) >= LARGE
    except OSError:  # missing or unreadable: the loader says so in its words
        return False


def open_data(paths: list[Path], read: Callable[[], ox.Store]) -> ox.Store:
    """The store of the RDF files `paths` together: `read()` when they are small (imports kept
    inside the functions: a small file's command starts as fast as before); when large, their
    prebuilt store opened read-only, built from `read()` the first time (and then opened too,
    so that a long-running process such as `roto serve` does not keep the copy in memory)."""
    if not _large(paths):
        return read()
    folder = store_folder(paths)
    if folder.is_dir():
        try:
            return _opened(ox.Store.read_only(str(folder)))
        except (OSError, RuntimeError):  # damaged (RocksDB's "Corruption") or unreadable: read, build again
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    store = read()
    if _save(folder, lambda disk: disk.bulk_extend(store)):
        try:
            return _opened(ox.Store.read_only(str(folder)))
        except (OSError, RuntimeError):  # deleted meanwhile (its files changed again): the copy read
            pass
    return store


def _opened(store: ox.Store) -> ox.Store:
    from .forked import rocksdb_opened

    rocksdb_opened()
    return store


def prebuild(paths: list[Path], syntax: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
    """Build the store of `paths` now if they are large and it is not built, so that the first
    command to read them is as fast as the next ones. The files go straight into the on-disk
    store (pyoxigraph's bulk loader), not through one in memory first: half the time and memory."""
    if _large(paths) and not store_folder(paths).is_dir():
        def load(disk: ox.Store) -> None:
            for path in paths:
                disk.bulk_load(path=path, format=syntax)

        _save(store_folder(paths), load)


def built(paths: list[Path]) -> Path | None:
    """The folder of the files' prebuilt store, if `open_data` opens one (None: read into
    memory). A process that forks opens its own handle from it in the child: a RocksDB
    database must not be used across a fork."""
    folder = store_folder(paths) if _large(paths) else None
    return folder if folder is not None and folder.is_dir() else None


def _save(folder: Path, fill: Callable[[ox.Store], None]) -> bool:
    """Write the store `fill` fills to `folder`, then delete the stores of the same files as they
    were before; False if the cache cannot be written."""
    building = _building()
    if building is None:
        return False
    try:
        _fill(building, fill)
    except OSError:  # no room
        _discard(building)
        return folder.is_dir()
    return _install(building, folder)


def _building() -> Path | None:
    """A new temporary folder in the cache for a store being written (None: not writable)."""
    import tempfile

    try:
        cache_folder().mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".building-", dir=cache_folder()))
    except OSError:
        return None


def _fill(building: Path, fill: Callable[[ox.Store], None]) -> None:
    disk = _opened(ox.Store(str(building)))
    fill(disk)
    disk.flush()
    del disk  # closes the database before it is moved


def _discard(building: Path) -> None:
    import shutil

    shutil.rmtree(building, ignore_errors=True)


def _install(building: Path, folder: Path) -> bool:
    """Move a written store into place as `folder`, deleting the stores of the same files as they were."""
    try:
        building.rename(folder)
    except OSError:  # another command finished the same store first
        _discard(building)
        return folder.is_dir()
    which = folder.name.split("-")[0]
    for old in folder.parent.glob(f"{which}-*"):
        if old != folder:  # a process still reading it keeps the files it opened (POSIX)
            _discard(old)
    return True


class Prebuild:
    """The store of a large N-Quads file built from its lines, `take`n in pieces as `roto build`
    makes them (in any order: a store has none), by a fresh process that reads them through a
    pipe at its pace while the build makes the rest: roto.nq is not written yet, so the store
    is named for it by `install` once it is. The process starts as soon as the pieces given
    reach LARGE (small data gets no store, as in `open_data`), so it loads the first graph's
    lines while the next ones are made; a thread of this process writes them into the pipe
    (waiting there without holding the GIL). A fresh process, not a forked one: a RocksDB
    database opened before a fork (a notebook's `roto.open`, a test) leaves the child its
    locks held by threads that no longer exist."""

    def __init__(self) -> None:
        import queue  # only a build takes pieces: queries import this module too

        self._waiting: list[bytes] | None = []  # pieces given before the process starts; None once decided
        self._building: Path | None = None
        self._process: subprocess.Popen | None = None
        self._pieces: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None

    def take(self, piece: bytes | None) -> None:
        """One more piece of the lines, None once all were given."""
        if self._waiting is None:  # started (or not to be)
            if self._writer is not None:
                self._pieces.put(piece)
            return
        if piece is not None:
            self._waiting.append(piece)
        large = sum(map(len, self._waiting)) >= LARGE
        if large or piece is None:
            self._start(self._waiting if large else [])
            if piece is None and self._writer is not None:
                self._pieces.put(None)

    def _start(self, pieces: list[bytes]) -> None:
        import subprocess
        import sys
        import threading

        self._waiting = None
        self._building = _building() if pieces else None
        if self._building is None:
            return
        code = f"import sys; sys.path.insert(0, {_source_root()!r}); from roto.disk_store import _load; _load()"
        self._process = subprocess.Popen([sys.executable, "-c", code, str(self._building), str(os.getpid())],
                                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for waiting in pieces:
            self._pieces.put(waiting)
        self._writer = threading.Thread(target=_write, args=(self._process.stdin, self._pieces), daemon=True)
        self._writer.start()

    @property
    def loading(self) -> bool:
        """Whether a process builds the store (not for small data, nor where the cache cannot be written)."""
        return self._process is not None

    def install(self, paths: list[Path]) -> None:
        """Wait for the store, then name it for `paths` (the files as written) so that
        `open_data` opens it; if it could not be built, the first reader builds it."""
        if self._process is None or self._building is None:
            return
        process, self._process = self._process, None
        if self._writer is not None:
            self._writer.join()
        if process.wait() != 0:  # no room, or stopped: the cache is only a shortcut
            _discard(self._building)
            return
        _install(self._building, store_folder(paths))

    def cancel(self) -> None:
        """Stop the child and delete its half-written store (the build failed)."""
        if self._process is not None and self._building is not None:
            self._process.kill()
            self._pieces.put(None)  # the writer stops at once (its pipe broken, or at this end)
            if self._writer is not None:
                self._writer.join()
            self._process.wait()
            _discard(self._building)
            self._process = None


def _write(pipe: BinaryIO, pieces: queue.SimpleQueue[bytes | None]) -> None:
    """Write the `pieces` into the loader's `pipe` until None, then close it: the loader's end of input."""
    try:
        with pipe:
            for piece in iter(pieces.get, None):
                pipe.write(piece)
    except OSError:  # the loader stopped (killed, no room): `install` finds out from its exit
        pass


def _source_root() -> str:
    """The folder holding this `roto` package, so that the child imports the same code."""
    return str(Path(__file__).resolve().parents[1])


def _load() -> None:
    """The child of `Prebuild`: bulk-load the N-Quads on stdin into the store folder argv[1],
    ending with the build whose pid is argv[2]. Leniently (IRIs not checked again): the build
    wrote them with pyoxigraph's terms a moment ago, and the check is a tenth of the load."""
    import sys

    from .forked import end_with_parent

    end_with_parent(int(sys.argv[2]))
    _fill(Path(sys.argv[1]), lambda disk: disk.bulk_load(sys.stdin.buffer, ox.RdfFormat.N_QUADS, lenient=True))
