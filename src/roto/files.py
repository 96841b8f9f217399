"""Writing files so that nothing is left half-written; light to import (no rdflib), so
query commands can write their answers with `-o` at the speed they answer."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new one.

    The data goes first to a sibling `.NAME.roto-tmp-PID-XXXX`; one a killed run left
    behind is removed by the next write of the same file."""
    from .file_set import clean_litter, litter_prefix

    path.parent.mkdir(parents=True, exist_ok=True)
    clean_litter(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=litter_prefix(path.name, "tmp"))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cannot_write(path: Path, exc: OSError) -> str:
    """One line saying why `path` could not be written, in words a person can act on."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return f"{path}: cannot write: a folder on its path is a file"
    return f"{path}: cannot write: {exc.strerror or exc}"
