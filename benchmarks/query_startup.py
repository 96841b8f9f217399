"""How fast a researcher's question is answered, as whole processes started cold.

For each command, prints the median wall time over several runs of the `roto` command
in a fresh interpreter, the median of the floor (a bare script that imports pyoxigraph,
loads the same release file and runs the same SPARQL the command runs, printing each
row), and the median ratio of the two run back to back. The target is at most 3.

    python benchmarks/query_startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

COMMANDS = [
    ["query", "models-by-relationship-and-reciprocity"],
    ["query", "models-by-resource", "--param", "resource=decision"],
    ["models", "--relationship", "peers", "--reciprocity", "reciprocal"],
    ["table", "resources"],
]

FLOOR = """
import json, sys
import pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
for text in json.load(open(sys.argv[2])):
    for solution in store.query(text, use_default_graph_as_union=True):
        print(*(term.value if term is not None else "" for term in solution), sep="\\t")
"""


class Recorder:
    """An engine that notes the SPARQL it is asked, so the floor runs exactly the same."""

    def __init__(self, engine):
        self.engine, self.texts = engine, []

    def query(self, sparql):
        self.texts.append(sparql)
        return self.engine.query(sparql)


def queries_run_by(argv: list[str]) -> list[str]:
    """The SPARQL texts `roto ARGV` sends to its engine."""
    from unittest import mock

    from roto.cli import common, main
    from roto.engine import open_engine

    recorder = Recorder(open_engine())
    with mock.patch.object(common, "engine_from_args", lambda args: recorder), open(os.devnull, "w") as sink, \
            mock.patch.object(sys, "stdout", sink):
        main(argv)
    return recorder.texts


def seconds(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def measure(ours: list[str], floor: list[str], runs: int) -> tuple[float, float, float]:
    """Median seconds of each command and the median ratio, the two run alternately so
    that other load on the machine weighs on both alike."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for command in (ours, floor):  # warm the file cache
        seconds(command, env)
    pairs = [(seconds(ours, env), seconds(floor, env)) for _ in range(runs)]
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs),
            statistics.median(p[0] / p[1] for p in pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs per measurement (default 21)")
    args = parser.parse_args()

    from roto.store import built_dataset

    release = str(built_dataset())
    print(f"{'command':60}  {'roto':>8}  {'floor':>8}  ratio (medians of {args.runs} runs)")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp, "floor.py")
        script.write_text(FLOOR, encoding="utf-8")
        for argv in COMMANDS:
            texts = Path(tmp, "queries.json")
            texts.write_text(json.dumps(queries_run_by(argv)), encoding="utf-8")
            ours, floor, ratio = measure([sys.executable, "-m", "roto", *argv],
                                         [sys.executable, str(script), release, str(texts)], args.runs)
            print(f"{'roto ' + ' '.join(argv):60}  {ours * 1000:6.0f}ms  {floor * 1000:6.0f}ms  {ratio:.2f}")


if __name__ == "__main__":
    main()
