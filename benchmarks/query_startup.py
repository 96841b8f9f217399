"""How fast a researcher's question is answered, as whole processes started cold.

For each command, runs the `roto` command in a fresh interpreter and the floor (a bare
script that imports pyoxigraph, loads the same release file and runs the same SPARQL the
command runs, printing each row) alternately, and prints CPU time (user + system, which
waiting for a CPU on a loaded machine does not inflate) and wall time of each, then the
ratio of each pair: medians with min-max. The target is a ratio of at most 2.

    python benchmarks/query_startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from scale import one_run  # noqa: E402 (benchmarks/, the script's own folder)

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


def measure(ours: list[str], floor: list[str], runs: int) -> list[tuple[float, float, float, float]]:
    """(CPU ours, CPU floor, wall ours, wall floor) per round, the two run alternately so
    that other load on the machine weighs on both alike."""
    for command in (ours, floor):  # warm the file cache
        one_run(command)
    rounds = []
    for _ in range(runs):
        (wall_ours, cpu_ours, _), (wall_floor, cpu_floor, _) = one_run(ours), one_run(floor)
        rounds.append((cpu_ours, cpu_floor, wall_ours, wall_floor))
    return rounds


def spread(values, scale: float = 1, digits: int = 2) -> str:
    values = [v * scale for v in values]
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs per measurement (default 21)")
    args = parser.parse_args()

    from roto.store import built_dataset

    release = str(built_dataset())
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; times and ratios: median (min-max) "
          f"of {args.runs} alternated runs")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp, "floor.py")
        script.write_text(FLOOR, encoding="utf-8")
        for argv in COMMANDS:
            texts = Path(tmp, "queries.json")
            texts.write_text(json.dumps(queries_run_by(argv)), encoding="utf-8")
            rounds = measure([sys.executable, "-m", "roto", *argv],
                             [sys.executable, str(script), release, str(texts)], args.runs)
            print(f"roto {' '.join(argv)}")
            for kind, ours, floor in (("CPU ", 0, 1), ("wall", 2, 3)):
                print(f"  {kind}  roto {spread((r[ours] for r in rounds), 1000, 0)} ms  "
                      f"floor {spread((r[floor] for r in rounds), 1000, 0)} ms"
                      f"  ratio {spread(r[ours] / r[floor] for r in rounds)}")


if __name__ == "__main__":
    main()
