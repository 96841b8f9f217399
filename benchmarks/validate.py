"""Whole-process time of `roto validate` as a user runs it: a fresh interpreter that imports
rdflib and pySHACL, loads the shapes and the graph, validates and prints the report.

Cases: the built review graph (target: under 1.5 s) and the review plus the worked example
of docs/add-a-model.md (authoring TOML, compiled with the review). Wall time depends on what
else the machine is doing; CPU time (user + system, from the kernel) much less so.

Run on demand: `python benchmarks/validate.py [RUNS]`.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "review graph (target < 1.5 s)": [],
    "review + docs/examples/clubhouse.toml": ["docs/examples/clubhouse.toml"],
}


def one_run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `roto validate` process, which must conform."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "roto", "validate", *args], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"roto validate {' '.join(args)} did not conform: {process.stderr.read().decode().strip()}")
    return wall, usage.ru_utime + usage.ru_stime


def main(runs: int) -> None:
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    for name, args in CASES.items():
        walls, cpus = zip(*(one_run(args) for _ in range(runs)), strict=True)
        print(f"roto validate, {name}: wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}), "
              f"CPU median {statistics.median(cpus):.2f} s, {runs} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
