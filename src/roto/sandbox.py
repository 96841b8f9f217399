"""Where a SPARQL query runs: a thread that cannot open a network connection, with a stack
deep enough for any query the guard lets through.

Why this and not a setting: pyoxigraph 0.5 evaluates `SERVICE` by fetching the IRI over HTTP
(`Store.query` builds oxigraph's default `SparqlEvaluator`, whose service handler is its
HTTP client), and it offers neither an option to turn that off, nor a service handler of our
own, nor the parsed algebra for us to inspect. Reading the text first (`sparql_guard`) is
a courtesy that gives a clear message, but a text check can be fooled by any difference
between its reading and the parser's. So the query runs where the kernel refuses what a
fetch needs: a seccomp filter makes `socket(2)` (and `io_uring_setup(2)`, which could open
one without it) fail with EACCES. Every network connection a Linux process makes starts
with a new socket, the filter cannot be removed once installed, and it is inherited by
every thread and process the filtered thread creates, so whatever text pyoxigraph accepts,
its HTTP client fails before a packet is sent. Syscalls from another ABI (32-bit calls on
x86-64) are refused outright, so they cannot go around the filter.

`run` uses one such thread per process (the caller's own thread keeps its network: a
notebook calling `kg.sparql` goes on working). The thread's 256 MB stack is address space,
not memory: it is only touched as deep recursion needs it, and it lets pyoxigraph's
recursive parser and evaluator take any text within the guard's size and depth limits
(an 8 MB stack overflowed at 8,000 terms of `1+1+...`). The query workers of `roto serve`
call `forbid_network(whole_process=True)` before anything else.

Fallback: the filter needs Linux on x86-64 or arm64 (where ROTO's CI and servers run).
Elsewhere `forbid_network` returns False, the text guard is the only barrier, and
`roto serve`'s workers say so on standard error when they start.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import sys
import threading
from collections.abc import Callable
from queue import SimpleQueue

TYPE_CHECKING = False  # `typing` costs every query command ~2 ms; mypy reads this as True (always_true)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")
STACK_BYTES = 256 * 1024 * 1024

# seccomp(2) filter: constants from linux/audit.h, linux/seccomp.h and each ABI's syscall table.
_ABIS = {  # machine: (AUDIT_ARCH, socket, seccomp, first number of the x32 ABI or None)
    "x86_64": (0xC000003E, 41, 317, 0x40000000),
    "aarch64": (0xC00000B7, 198, 277, None),
}
_IO_URING_SETUP = 425  # the same number on both
_LD_ABS_W, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000
_PR_SET_NO_NEW_PRIVS, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC = 38, 1, 1


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def _filter(arch: int, socket: int, x32: int | None) -> list[tuple[int, int, int, int]]:
    deny = _ERRNO | errno.EACCES
    return [
        (_LD_ABS_W, 0, 0, 4),                # seccomp_data.arch
        (_JEQ, 1, 0, arch),
        (_RET, 0, 0, _ERRNO | errno.EPERM),  # another ABI: nothing at all
        (_LD_ABS_W, 0, 0, 0),                # seccomp_data.nr
        (_JGE, 3, 0, x32 if x32 is not None else 0xFFFFFFFF),
        (_JEQ, 2, 0, socket),
        (_JEQ, 1, 0, _IO_URING_SETUP),
        (_RET, 0, 0, _ALLOW),
        (_RET, 0, 0, deny),
    ]


def forbid_network(whole_process: bool = False) -> bool:
    """Make socket creation fail with EACCES in this thread and everything it starts from now
    on (with `whole_process`, in every thread of the process). False where it cannot be done."""
    abi = _ABIS.get(platform.machine()) if sys.platform == "linux" else None
    if abi is None:
        return False
    arch, socket, seccomp, x32 = abi
    code = _filter(arch, socket, x32)
    instructions = (_Instruction * len(code))(*(_Instruction(*i) for i in code))
    program = _Program(len(code), instructions)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    flags = _SECCOMP_FILTER_FLAG_TSYNC if whole_process else 0
    return libc.syscall(ctypes.c_long(seccomp), ctypes.c_long(_SECCOMP_SET_MODE_FILTER), ctypes.c_long(flags),
                        ctypes.byref(program)) == 0


class _QueryThread:
    """One thread with a deep stack and no network, running the calls handed to it in turn."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._calls: SimpleQueue = SimpleQueue()
        started = threading.Event()
        previous = threading.stack_size(STACK_BYTES)
        try:
            threading.Thread(target=self._serve, args=(started,), name="roto-query", daemon=True).start()
        finally:
            threading.stack_size(previous)
        started.wait()

    def _serve(self, started: threading.Event) -> None:
        self.sealed = forbid_network()
        started.set()
        while True:
            call, outcome, done = self._calls.get()
            try:
                outcome.append((True, call()))
            except BaseException as exc:  # raised again in the caller's thread, without the frames
                outcome.append((False, exc.with_traceback(None)))  # (pyoxigraph objects die here)
            done.set()

    def run(self, call: Callable[[], T]) -> T:
        outcome: list = []
        done = threading.Event()
        self._calls.put((call, outcome, done))
        done.wait()
        ok, value = outcome[0]
        if not ok:
            raise value
        return value


_thread: _QueryThread | None = None
_lock = threading.Lock()


def query_thread() -> _QueryThread:
    """This process's query thread, started on first use (again in a forked child)."""
    global _thread  # noqa: PLW0603 - one query thread per process, created on first use
    with _lock:
        if _thread is None or _thread.pid != os.getpid():
            _thread = _QueryThread()
        return _thread


def run(call: Callable[[], T]) -> T:
    """`call()` on the query thread: no network, a deep stack; its result or its exception."""
    return query_thread().run(call)
