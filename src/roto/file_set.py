"""A set of files (the release, the static site) written as one folder and switched in
in one step, so that whoever reads the folder sees the whole old set or the whole new one.

The new set is written into a sibling `.NAME.roto-new-PID-XXXX`, then exchanged with NAME
by one system call (Linux `renameat2(RENAME_EXCHANGE)`: both names exist at every moment),
and the old set, now under the sibling's name, is removed. Where the exchange is missing,
NAME is renamed aside to `.NAME.roto-old-PID-XXXX` and the new folder renamed in; a kill
between the two renames leaves no NAME, and the next run puts the old set back.

A kill at any moment leaves at worst such a sibling. Every run removes the siblings named
for NAME whose process (the PID in the name) is gone, and nothing else: ROTO never deletes
a file it did not name. Files are written 0644 and folders 0755 whatever the umask, so a
web server can read them.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import RotoError

_LITTER = re.compile(r"\.(?P<name>.+)\.roto-(?P<kind>new|old|tmp)-(?P<pid>\d+)-[a-z0-9_]+")


def litter_prefix(name: str, kind: str) -> str:
    """The start of the name of a temporary sibling of `name` ("new", "old" or "tmp")."""
    return f".{name}.roto-{kind}-{os.getpid()}-"


def is_litter(name: str) -> bool:
    """Whether `name` is one of ROTO's temporary siblings (of any file or folder)."""
    return _LITTER.fullmatch(name) is not None


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows, os.kill(pid, 0) would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive, not ours to judge
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clean_litter(target: Path) -> None:
    """Remove what killed ROTO runs left next to `target`; put back an old set a kill left
    renamed aside (when `target` is missing)."""
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return
    dead = []
    for entry in entries:
        match = _LITTER.fullmatch(entry.name)
        if match and match["name"] == target.name and not _alive(int(match["pid"])):
            dead.append((match["kind"], entry))
    if not os.path.lexists(target):
        aside = sorted((e for kind, e in dead if kind == "old"), key=lambda e: e.stat().st_mtime)
        if aside:
            aside[-1].rename(target)
            dead = [(k, e) for k, e in dead if e != aside[-1]]
    for _, entry in dead:
        _remove(entry)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _carry(source: Path, target: Path) -> None:
    """Put `source` (a file or link kept from the old set) at `target`, sharing its data."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        target.mkdir(exist_ok=True)
    else:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def check_replaceable(out: Path) -> Path:
    """`out` made absolute, refused when it cannot be replaced as a whole folder: before
    the files are rendered (seconds for the site), not when they are written."""
    if out.exists() and not out.is_dir():
        raise RotoError(f"{out} exists and is not a folder")
    folder = out.resolve()
    above = next((p for p in folder.parents if os.path.lexists(p)), None)
    if above is not None and not above.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
    here = Path.cwd().resolve()
    if here == folder or folder in here.parents:
        raise RotoError(f"{out} is the current folder or holds it: it is replaced as a whole, "
                        "so run from outside it")
    return folder


def replace_folder(out: Path, files: Mapping[str, bytes], keep: Iterable[str] = ()) -> None:
    """Make `out` hold `files` (relative path -> bytes) plus the entries `keep` of the old
    folder (relative paths, kept as they are), switching from the old set in one step."""
    with replacing(out, keep) as staging:
        write_files(staging, files)


@contextmanager
def replacing(out: Path, keep: Iterable[str] = ()) -> Iterator[Path]:
    """A new empty folder beside `out` for the block to fill (`write_files`; a large build's
    forked children write their own files there), switched in for `out`, with the entries
    `keep` of the old folder, in one step when the block ends; deleted, `out` untouched, if
    the block raises."""
    out = check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_litter(out)
    staging = Path(tempfile.mkdtemp(prefix=litter_prefix(out.name, "new"), dir=out.parent))
    try:
        yield staging
        for name in keep:
            _carry(out / name, staging / name)
        if not out.exists():
            staging.rename(out)
        elif not _exchange(staging, out):  # after an exchange `staging` holds the old set
            _switch_in_two_steps(staging, out)
    finally:
        _remove(staging)


def write_files(staging: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` into the new folder `staging`: each folder made once and each file opened
    once (a site has thousands), files 0644 and folders 0755."""
    root = os.fspath(staging)
    folders = {root}
    for name, data in files.items():
        path = os.path.join(root, name)
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            while folder not in folders:
                folders.add(folder)
                folder = os.path.dirname(folder)
        _write_new(path, data)
    for folder in folders:
        os.chmod(folder, 0o755)


def _write_new(path: str, data: bytes) -> None:
    """A new file holding `data`, 0644 whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        if _CHMOD_OPEN_FILE:
            os.chmod(fd, 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    if not _CHMOD_OPEN_FILE:
        os.chmod(path, 0o644)


_CHMOD_OPEN_FILE = os.chmod in os.supports_fd  # not on Windows


def _switch_in_two_steps(staging: Path, out: Path) -> None:
    """Rename `out` aside and `staging` in; on failure put `out` back; `staging` ends up
    holding the old set."""
    aside = Path(tempfile.mkdtemp(prefix=litter_prefix(out.name, "old"), dir=out.parent))
    out.replace(aside)
    try:
        staging.rename(out)
    except BaseException:
        aside.rename(out)
        raise
    aside.rename(staging)
