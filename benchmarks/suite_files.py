"""Where the test suite's time goes, file by file: the README's test command run once with a
pytest plugin (this module) that sums, for each test file, the CPU time of the pytest-xdist
worker that ran it plus its waited-for children (user + system: commands, servers, Java,
Node), and its wall time; then each worker's files in the order it ran them.

Wall time above a file's CPU time is waiting (a sleep, a time limit, a server's answer): on
two cores that leaves a core idle unless the other worker's work fills it. A child that is
killed and never waited for is not counted; the whole run's CPU (every process) is printed
beside the files' sum for that reason.

    python benchmarks/suite_files.py [--top 40] [PYTEST ARGS...]

Run from the checkout, in the environment the README's test command makes. Delete old
temporary folders first (`rm -rf "/tmp/pytest-of-$(id -un)"`): pytest removes the run from three
runs back at start-up, seconds a run after a few full ones.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDER_VARIABLE = "ROTO_SUITE_FILES"
_files: dict[str, list[float]] = {}  # file: [CPU s, wall s, tests, first start, last end]


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cpu, wall, started = _cpu(), time.monotonic(), time.time()
    yield
    entry = _files.setdefault(item.nodeid.split("::")[0], [0.0, 0.0, 0, started, 0.0])
    entry[0] += _cpu() - cpu
    entry[1] += time.monotonic() - wall
    entry[2] += 1
    entry[4] = time.time()


def pytest_sessionfinish(session):
    folder = os.environ.get(FOLDER_VARIABLE)
    if folder and _files:
        Path(folder, f"{os.getpid()}.json").write_text(json.dumps(_files))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=40, help="files shown in the table (default 40)")
    args, pytest_args = parser.parse_known_args()
    with tempfile.TemporaryDirectory(prefix="roto-suite-files-") as folder:
        env = {**os.environ, FOLDER_VARIABLE: folder,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "pytest", "-n", "auto", "--dist", "loadfile", "-q", "-p", "suite_files",
                   *pytest_args]
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.monotonic() - started
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = {path.stem: json.loads(path.read_text()) for path in Path(folder).glob("*.json")}
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:])
    files = {name: entry for found in workers.values() for name, entry in found.items()}
    print(f"whole run: {wall:.1f} s wall, {used.ru_utime + used.ru_stime:.1f} s of CPU (every process); "
          f"the files: {sum(e[0] for e in files.values()):.1f} s of CPU, {sum(e[1] for e in files.values()):.1f} s "
          f"of their workers' time, {len(workers)} workers")
    print(f"\n{'CPU s':>7} {'wall s':>7} {'tests':>6}  file")
    for name, (cpu, spent, tests, *_) in sorted(files.items(), key=lambda item: -item[1][0])[:args.top]:
        print(f"{cpu:7.1f} {spent:7.1f} {tests:6d}  {name}")
    first = min((e[3] for e in files.values()), default=0.0)
    for worker, found in sorted(workers.items()):
        print(f"\nworker {worker} (s from the first test's start):")
        for name, (_, _, _, begun, ended) in sorted(found.items(), key=lambda item: item[1][3]):
            print(f"  {begun - first:6.1f} {ended - first:6.1f}  {name}")


if __name__ == "__main__":
    main()
