"""What the query workers' isolation costs and bounds: a simple ASK through the pool (one
forked child per query, memory capped, network sealed) against the same ASK evaluated in
this process, alternated; then the memory-hungry query of issue 13 under a 256 MB cap.
Prints wall-time medians with min-max; CPU as medians for the direct call (this process) and,
for the pool, as the mean over all runs of the worker's and its children's CPU (the kernel
counts that in 10 ms ticks, too coarse for one query). Bounded: a fixed number of runs.

    PYTHONPATH=src python benchmarks/query_worker.py [--runs 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ASK = "ASK { ?m a <https://w3id.org/roto/TherapeuticModel> }"
HUNGRY = "SELECT * {?a ?b ?c . ?d ?e ?f . ?g ?h ?i} ORDER BY ?c ?f ?i LIMIT 1"


def process_cpu(pid: int) -> float:
    """utime + stime of `pid` and its waited-for children, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")


def summary(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.2f} ms ({min(values) * 1000:.2f}-{max(values) * 1000:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    from roto.store import open_store
    from roto.web.executor import QueryPool, QueryRequest, evaluate
    from roto.web.guard import Refusal

    store = open_store()
    request = QueryRequest(ASK, "application/sparql-results+json", None, None, 100)
    pool = QueryPool(workers=1, timeout=30.0, memory=256)
    worker = next(iter(pool._all)).process.pid
    timings = {"pool": ([], []), "direct": ([], [])}
    try:
        for _ in range(args.runs):
            for how in ("pool", "direct"):
                wall, cpu = timings[how]
                start, start_cpu = time.perf_counter(), process_cpu(worker) if how == "pool" else time.process_time()
                pool.run(request) if how == "pool" else evaluate(store, request)
                wall.append(time.perf_counter() - start)
                cpu.append((process_cpu(worker) if how == "pool" else time.process_time()) - start_cpu)
        wall, cpu = timings["pool"]
        print(f"ASK pool    wall {summary(wall)}  CPU {sum(cpu) / len(cpu) * 1000:.2f} ms mean  ({args.runs} runs)")
        wall, cpu = timings["direct"]
        print(f"ASK direct  wall {summary(wall)}  CPU {summary(cpu)}  ({args.runs} runs)")
        start, start_cpu = time.perf_counter(), process_cpu(worker)
        try:
            pool.run(QueryRequest(HUNGRY, None, None, None, 100))
            outcome = "answered"
        except Refusal as refusal:
            outcome = f"{refusal.status} {refusal.reason}"
        print(f"hungry query: {outcome}; wall {time.perf_counter() - start:.2f} s, "
              f"CPU {process_cpu(worker) - start_cpu:.2f} s")
        pool.run(request)
        print("the worker answers afterwards")
    finally:
        pool.close()


if __name__ == "__main__":
    main()
