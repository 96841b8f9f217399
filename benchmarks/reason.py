"""Time `roto reason` as a user runs it (fresh interpreter, Java included): on the review
graph (target: under 10 s), and on the review plus an extension that contradicts a blank
cell of Table 1, where the explanation costs several more HermiT runs.

Run on demand: `python benchmarks/reason.py [RUNS]`.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], expected: int, runs: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "roto", "reason", *args], capture_output=True, text=True,
                                env=env, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if result.returncode != expected:
            sys.exit(f"roto reason {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
    return times


def report(what: str, times: list[float]) -> None:
    print(f"{what}: median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
          f"max {max(times):.2f} s over {len(times)} runs")


def main(runs: int) -> None:
    report("roto reason, review graph (target < 10 s)", timed([], 0, runs))
    clash = "tests/fixtures/reason/uses-blank-resource.ttl"
    report("roto reason, review + a clashing extension, with explanation", timed([clash], 1, runs))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
