"""HermiT's answer to each input computed once per test run, shared by every process of it
that runs HermiT in Python (the pytest-xdist workers, tests/in_process.py's batches).

Each HermiT run is a Java process (`roto.reason.hermit.Hermit._java`, 0.7-2 s CPU), and
tests hand it the same input more than once. An answer is kept in a file named by the
sha256 of HermiT's actions, the JVM options and the N-Triples, in a folder of the test run
(tests/conftest.py's `hermit_answers`, which names it in FOLDER_VARIABLE for child
processes); the first process to ask runs Java, under a lock, while the others wait for it
and read its answer. A failure is not kept: every call raises it afresh from Java. A kept
answer counts as the run it stands for (`Hermit.runs`). Tests that check HermiT itself run
it inside `real_hermit()`. A `roto` process of its own never reads these answers: the
product has no such hook.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from pathlib import Path

FOLDER_VARIABLE = "ROTO_TEST_HERMIT_ANSWERS"
_SHARED = [True]  # False inside `real_hermit()`


@contextlib.contextmanager
def real_hermit():
    """Inside this block HermiT runs in Java on every call, never answered from the kept
    answers (its answers are still kept for the others)."""
    _SHARED[0] = False
    try:
        yield
    finally:
        _SHARED[0] = True


def answering(folder: Path):
    """A `Hermit._java` that answers from `folder`, running Java for what is not there yet."""
    from roto.reason.hermit import Hermit, java_options

    java = Hermit._java

    def answer(self: Hermit, ntriples: bytes, actions: tuple[str, ...]) -> str | None:
        options = java_options(len(ntriples), self.java_memory)
        key = hashlib.sha256(repr((actions, options)).encode("utf-8") + b"\n" + ntriples).hexdigest()
        path = folder / key
        with (folder / f"{key}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if _SHARED[0] and path.is_file():
                self.runs += 1
                kept = path.read_bytes()
                return None if kept == b"-" else kept[1:].decode("utf-8")
            output = java(self, ntriples, actions)
            part = folder / f"{key}.part"
            part.write_bytes(b"-" if output is None else b"+" + output.encode("utf-8"))
            part.rename(path)
            return output

    return answer
