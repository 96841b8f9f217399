"""Run visitors' SPARQL queries in worker processes, so a runaway query can be stopped.

pyoxigraph cannot cancel a query, and a thread cannot be killed: a query over a cross
product would keep a core busy after its client gave up. Each worker process holds its own
copy of the store (a large project's is on disk, opened read-only); a query that outlives
the time limit gets its worker terminated and replaced, and the client gets a 422 with the
reason. Results are counted in the worker and refused above the row cap rather than
truncated. A worker cannot open a socket, and runs each query in a forked child with a
memory cap (see `_worker_main`).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .guard import Refusal


@dataclass(frozen=True)
class QueryRequest:
    text: str
    accept: str | None
    default_graphs: tuple[str, ...] | None  # from the protocol's default-graph-uri
    named_graphs: tuple[str, ...] | None    # from named-graph-uri
    max_rows: int
    has_from: bool = False                  # the query names its own dataset (FROM)


@dataclass(frozen=True)
class QueryAnswer:
    """Either `body` in `media_type`, or (for HTML) a table of `columns` and `rows` of cells,
    each (text, IRI or None): the page links the IRIs."""

    media_type: str
    body: bytes = b""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[tuple[str, str | None], ...], ...] = ()


def evaluate(store, request: QueryRequest) -> QueryAnswer:
    """Run one query against `store` and write its answer in the negotiated format."""
    import pyoxigraph as ox

    from ..engine import syntax_message
    from .descriptions import serialize
    from .formats import BOOLEAN_TYPES, MACHINE_FORMATS, SOLUTION_TYPES, negotiate, negotiate_document
    from .results import boolean_to, cell, solutions_to

    options: dict = {}
    if request.default_graphs is None and request.named_graphs is None:
        # Without a dataset from the protocol or FROM, the default graph is every graph.
        options["use_default_graph_as_union"] = not request.has_from
    else:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs or ()] or ox.DefaultGraph()
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs or ()]
    try:
        result = store.query(request.text, **options)
    except SyntaxError as exc:
        raise Refusal(400, "query syntax error: " + syntax_message(str(exc), request.text)) from None  # as roto sparql says it

    def capped(items, noun: str) -> list:
        taken = []
        for item in items:
            taken.append(item)
            if len(taken) > request.max_rows:
                raise Refusal(422, f"the result has more than {request.max_rows} {noun} (this endpoint's cap); add a LIMIT")
        return taken

    if isinstance(result, ox.QueryBoolean):
        media = negotiate(request.accept, {t: SOLUTION_TYPES[t] for t in BOOLEAN_TYPES})
        if media is None:
            raise Refusal(406, "an ASK result is available as " + ", ".join(BOOLEAN_TYPES))
        if media == "text/html":
            return QueryAnswer(media, columns=("boolean",), rows=(((str(bool(result)).lower(), None),),))
        return QueryAnswer(media, boolean_to(media, bool(result)))
    if isinstance(result, ox.QuerySolutions):
        media = negotiate(request.accept, SOLUTION_TYPES)
        if media is None:
            raise Refusal(406, "SELECT results are available as " + ", ".join(SOLUTION_TYPES))
        names = [v.value for v in result.variables]
        rows = [[s[n] for n in names] for s in capped(result, "rows")]
        if media == "text/html":
            return QueryAnswer(media, columns=tuple(names), rows=tuple(tuple(cell(t) for t in r) for r in rows))
        return QueryAnswer(media, solutions_to(media, names, rows))
    document = negotiate_document(request.accept, MACHINE_FORMATS)
    if document is None:
        raise Refusal(406, "CONSTRUCT and DESCRIBE results are available as Turtle, JSON-LD, RDF/XML, N-Triples or HTML")
    triples = capped(result, "triples")
    if document.rdf_format is None:
        return QueryAnswer(document.media_type, columns=("subject", "predicate", "object"),
                           rows=tuple((cell(t.subject), cell(t.predicate), cell(t.object)) for t in triples))
    return QueryAnswer(document.media_type, serialize(triples, document.rdf_format))


def _worker_main(memory: int) -> None:
    """A worker process: no network from its first line, the store loaded once, then one forked
    child per request until stdin closes.

    Requests and replies are pickled frames on stdin and stdout (a plain subprocess rather
    than multiprocessing, whose spawn method re-imports the parent's __main__). The seccomp
    filter of `roto.sandbox` is installed before anything else, for the whole process, so no
    query it runs can open a socket, whatever its text. Each query runs in a child forked
    from the loaded worker (copy-on-write: a millisecond, no reloading) whose address space
    may grow by `memory` MB: a query past that, or one that crashes the engine, ends only the
    child, and the worker answers 422 and lives on. A large project's release is an on-disk
    store (`roto.disk_store`): the worker keeps only its folder, and each child opens it
    read-only after the fork, as a RocksDB handle must not cross one.
    """
    from multiprocessing.connection import Connection

    from ..disk_store import built
    from ..sandbox import forbid_network
    from ..store import open_release
    from .published import served_files

    if not forbid_network(whole_process=True):
        print("roto: warning: this system cannot stop query workers opening network connections "
              "(that needs Linux on x86-64 or arm64); only the SERVICE text check stands", file=sys.stderr, flush=True)
    reader = Connection(os.dup(0), writable=False)
    writer = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # stray prints must not corrupt the reply channel
    files = served_files(warn=False)  # the app has warned
    store = open_release(files)
    evaluate(store, QueryRequest("ASK {}", None, None, None, 1))  # children start with its imports done
    folder = built(files) if hasattr(os, "fork") else None
    source = store if folder is None else folder
    del store  # on disk, closed here: each child opens its own handle after the fork
    writer.send("ready")
    while True:
        try:
            request = reader.recv()
        except (EOFError, OSError):
            return
        writer.send(_answer_in_child(source, request, memory) if hasattr(os, "fork") else _answer(source, request, memory))


def _answer(store, request: QueryRequest, memory: int) -> QueryAnswer | Refusal:
    """The answer, or the Refusal to send back: nothing a query does escapes as an exception."""
    from ..engine import NETWORK_REFUSED

    try:
        return evaluate(store, request)
    except Refusal as refusal:
        return refusal
    except MemoryError:
        return Refusal(422, _over_memory(memory))
    except PermissionError:  # the seccomp filter refused a socket
        return Refusal(403, NETWORK_REFUSED)
    except Exception as exc:  # reported to the client as a 500, the worker lives on
        return Refusal(500, f"query failed: {type(exc).__name__}: {exc}")


def _answer_in_child(store, request: QueryRequest, memory: int) -> QueryAnswer | Refusal:
    """`_answer` in a forked child with its memory capped; a child that dies is a 422. `store`
    is a store, or the folder of an on-disk one, which the child opens."""
    import pickle
    import tempfile

    from .. import sandbox

    parent = os.getpid()
    with tempfile.TemporaryFile() as said:  # the child's stderr: why it died, if it did
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: answer, write the reply, exit without cleanup
            status = 1
            try:
                os.close(read_end)
                os.dup2(said.fileno(), 2)
                _die_with(parent)
                if isinstance(store, Path):  # the worker's on-disk store: its own handle, before the cap
                    import pyoxigraph as ox

                    store = ox.Store.read_only(str(store))
                thread = sandbox.query_thread()  # its stack is mapped before the cap
                _cap_address_space(memory)
                reply = thread.run(lambda: _answer(store, request, memory))
                with os.fdopen(write_end, "wb") as pipe:
                    pickle.dump(reply, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, wait_status = os.waitpid(pid, 0)
        if wait_status == 0 and data:
            return pickle.loads(data)
        said.seek(0)
        return Refusal(422, _death(os.waitstatus_to_exitcode(wait_status), said.read(), memory))


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when the worker dies (the pool kills a worker whose
    query outlives the time limit)."""
    import ctypes
    import signal

    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _cap_address_space(memory: int) -> None:
    """Let this process's address space grow by `memory` MB from here (RLIMIT_AS)."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + memory * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def _over_memory(memory: int) -> str:
    return f"the query needed more than {memory} MB of memory, this endpoint's limit per query; narrow it or add a LIMIT"


def _death(code: int, said: bytes, memory: int) -> str:
    """Why a query's child process ended without an answer, in one line."""
    import signal

    if b"memory allocation of" in said or b"MemoryError" in said:
        return _over_memory(memory)
    how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
    return f"the query stopped the query engine ({how}); it was not answered"


def _query_cpu(worker_pid: int) -> float | None:
    """CPU seconds used so far by the query children of the worker `worker_pid` (0 before its
    child is forked), from /proc; None where the kernel does not list a process's children."""
    tasks = Path(f"/proc/{worker_pid}/task")
    try:
        children = [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]
    except OSError:
        return None
    ticks = 0
    for pid in children:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue  # it has just ended: its answer is in the pipe
        fields = stat[stat.rindex(")") + 2:].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


class _Worker:
    def __init__(self, memory: int = 1024) -> None:
        from multiprocessing.connection import Connection

        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
               "MALLOC_ARENA_MAX": "1"}  # no per-thread heap reserved before the memory cap
        self.process = subprocess.Popen([sys.executable, "-m", "roto.web.executor", str(memory)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env,
                                        start_new_session=True)  # a process group: the worker and its query's child
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None  # both PIPE
        self.writer = Connection(os.dup(stdin.fileno()), readable=False)
        self.reader = Connection(os.dup(stdout.fileno()), writable=False)
        stdin.close()
        stdout.close()
        if not self.reader.poll(120) or self.reader.recv() != "ready":
            self.stop()
            raise RuntimeError("a query worker failed to start")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.writer.close()
        self.reader.close()


class QueryPool:
    """Worker processes for visitors' queries, scheduled so that cheap queries keep being
    answered while pathological ones run.

    A query cannot be paused or moved, only its process killed, and nobody can tell a slow
    query from a quick one before running it. So every query starts on the first idle worker
    (waiting in line at most `timeout` s, else 503), and one that has used `quick` seconds of
    CPU (1 s, or the time limit if shorter) unanswered becomes *long*; a query that has only
    waited for a core on a busy machine is not long however late it is (the time limit,
    counted from its start, still holds):

    - at most `long_slots` long queries (half the workers, at least one) run at once, so the
      other workers stay free for quick ones: a query that becomes long when the long slots
      are all taken is stopped at once and answered 503 (busy, try again);
    - a long query's worker drops to low CPU priority (nice +10), so on a small machine
      the quick queries and the HTTP server get the cores first; a process cannot raise its
      priority back, so that worker is replaced once its query ends;
    - a worker that overran the time limit (422) or died, e.g. of its memory limit or a
      crash (422), is replaced too.

    Replacements start in the background (about 0.1 s), so no client waits for one.
    """

    def __init__(self, workers: int = 2, timeout: float = 10.0, memory: int = 1024) -> None:
        self.timeout = timeout
        self.quick = min(1.0, timeout)
        self.long_slots = max(1, workers // 2)
        self._long = 0
        self._closed = False
        self.memory = memory  # MB each query may add to its worker's address space
        self._idle: queue.Queue = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self.memory)
        with self._lock:
            self._all.add(worker)
            closed = self._closed
        if closed:  # started while the pool was closing
            self._retire(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Stop `worker` now; a new one joins the idle line when it has started."""
        self._retire(worker)

        def start() -> None:
            try:
                fresh = self._start()
            except RuntimeError as exc:
                print(f"roto: warning: {exc}; the endpoint has one worker fewer", file=sys.stderr, flush=True)
                return
            if not self._closed:
                self._idle.put(fresh)
        threading.Thread(target=start, daemon=True).start()

    def _take_long_slot(self) -> bool:
        with self._lock:
            if self._long >= self.long_slots:
                return False
            self._long += 1
            return True

    def _give_long_slot(self) -> None:
        with self._lock:
            self._long -= 1

    def run(self, request: QueryRequest) -> QueryAnswer:
        """The answer, or a Refusal (bad query, over a cap, over the time limit, busy)."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Refusal(503, "every query worker is busy; try again shortly") from None
        long = replace = False
        try:
            deadline = time.monotonic() + self.timeout
            worker.writer.send(request)
            if not self._answered_while_quick(worker, deadline):
                replace = True
                if not self._take_long_slot():
                    raise Refusal(503, f"this endpoint runs at most {self.long_slots} long (over {self.quick:g} s) "
                                       "queries at once and is running them; this one was stopped; try again shortly")
                long = True
                try:
                    # the whole group: the query itself runs in the worker's forked child
                    os.setpriority(os.PRIO_PGRP, worker.process.pid, 10)
                except OSError:
                    pass  # it ended meanwhile: the reader says so below
                if not worker.reader.poll(max(0.0, deadline - time.monotonic())):
                    raise Refusal(422, f"the query ran longer than this endpoint's time limit of {self.timeout:g} s")
            reply = worker.reader.recv()
        except (EOFError, OSError):
            replace = True
            raise Refusal(422, "the query stopped its worker process (out of memory or crashed) "
                               "and was not answered") from None
        finally:
            if long:
                self._give_long_slot()
            if replace:
                self._replace(worker)
            else:
                self._idle.put(worker)
        if isinstance(reply, Refusal):
            raise reply
        return reply

    def _answered_while_quick(self, worker: _Worker, deadline: float) -> bool:
        """Whether `worker` answers before its query has used `quick` s of CPU (or, where the
        kernel does not say, `quick` s of wall time) and before `deadline`."""
        wait = self.quick
        while True:
            if worker.reader.poll(max(0.0, min(wait, deadline - time.monotonic()))):
                return True
            used = _query_cpu(worker.process.pid)
            if used is None or used >= self.quick or time.monotonic() >= deadline:
                return False
            wait = max(0.05, self.quick - used)  # it cannot reach `quick` s of CPU sooner

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for worker in workers:
            self._retire(worker)


if __name__ == "__main__":
    # Import by name so pickled replies name roto.web.executor classes, not __main__'s.
    from roto.web.executor import _worker_main as main

    main(int(sys.argv[1]))
