"""A large data file opened from a prebuilt on-disk store instead of parsed at every start.

From about 10^5 quads, reading N-Quads into memory at each start costs far more than opening
an on-disk pyoxigraph store read-only (4.6 s against 0.44 s at 10,000 models). So the first
command that reads a large `--data` file (after the loader's checks, as always) also copies
it into a store under the user's cache folder (`$XDG_CACHE_HOME/roto/stores`, else
`~/.cache/roto/stores`: never inside the installed package), and later commands open that
store read-only. The store is named by the file's absolute path, size and modification
time (the release's too, when the file adds to it) and by the ROTO and pyoxigraph versions,
so a changed file (or another reader) gets a new one. It is written in a temporary folder
and renamed into place, so a killed build leaves nothing a later command would open. The
cache is only a shortcut: when it cannot be written, the command answers from memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ._version import __version__

LARGE = 16_000_000  # bytes of RDF, about 10^5 quads: below this, parsing is as fast as opening a store


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "roto" / "stores"


def store_folder(paths: list[Path]) -> Path:
    """Where the store of the files `paths`, as they are now, lives (whether built yet or not)."""
    import hashlib

    parts = [__version__, ox.__version__]
    for path in paths:
        status = path.stat()
        parts += [str(path.resolve()), str(status.st_size), str(status.st_mtime_ns)]
    return cache_folder() / hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def open_data(paths: list[Path], read: Callable[[], ox.Store]) -> ox.Store:
    """The store of the RDF files `paths` together: `read()` when they are small (imports kept
    inside the functions: a small file's command starts as fast as before); when large, their
    prebuilt store opened read-only, built from `read()` the first time."""
    try:
        if sum(path.stat().st_size for path in paths) < LARGE:
            return read()
    except OSError:  # missing or unreadable: the loader says so in its words
        return read()
    folder = store_folder(paths)
    if folder.is_dir():
        try:
            return ox.Store.read_only(str(folder))
        except OSError:  # damaged or from another pyoxigraph: read the file, and build it again
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    store = read()
    _save(store, folder)
    return store


def _save(store: ox.Store, folder: Path) -> None:
    import shutil
    import tempfile

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    except OSError:
        return
    try:
        disk = ox.Store(str(building))
        disk.bulk_extend(store)
        disk.flush()
        del disk  # closes the database before it is moved
        building.rename(folder)
    except OSError:  # no room, or another command finished the same store first
        shutil.rmtree(building, ignore_errors=True)
