"""What the input limits cost, and what a file at the limit costs: prints figures, asserts nothing.

For files near the limits (32 MB of N-Triples, of Turtle and of JSON-LD in many short
statements; one literal of 1,000,000 characters), the time to read them with the limits
(`loader.parse_quads`) against pyoxigraph's bare parse, as medians with min-max over
alternated runs, CPU and wall; then the peak memory of `roto sparql --data FILE` and of
`roto.open([FILE])` on the 32 MB N-Triples file, each in a fresh process.

    PYTHONPATH=src python benchmarks/input_limits.py [--runs 5] [--mb 30]
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

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from roto.loader import SUFFIXES, parse_quads  # noqa: E402 - the checkout's src/ first


def _files(folder: Path, megabytes: float) -> dict[str, Path]:
    size = int(megabytes * 1_000_000)
    line = '<http://example.org/s{0}> <http://example.org/p> "value {0}" .\n'
    count = size // len(line.format(10**6))
    files = {"N-Triples": folder / "many.nt", "Turtle": folder / "many.ttl", "JSON-LD": folder / "many.jsonld",
             "one 1 MB literal": folder / "literal.nt"}
    files["N-Triples"].write_text("".join(line.format(i) for i in range(count)))
    files["Turtle"].write_text("@prefix e: <http://example.org/> .\n" + "".join(
        f'e:s{i} e:p [ e:q "value {i}" ] .\n' for i in range(count)))
    nodes = [{"@id": f"http://example.org/s{i}", "http://example.org/p": f"value {i}"} for i in range(count // 2)]
    files["JSON-LD"].write_text(json.dumps(nodes))
    files["one 1 MB literal"].write_text('<http://example.org/a> <http://example.org/p> "' + "x" * 1_000_000 + '" .\n')
    return files


def _timed(function) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"


def _peak_mb(argv: list[str]) -> tuple[float, int]:
    """Peak resident memory of a fresh process running argv, and its exit code."""
    script = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    out = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")}).stdout.split()
    return int(out[0]) / 1024, int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=float, default=30.0, help="size of the generated files (the limit is 32)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roto-limits-") as folder:
        files = _files(Path(folder), args.mb)
        for name, path in files.items():
            fmt = SUFFIXES[path.suffix][1]
            checked, bare = {"wall": [], "cpu": []}, {"wall": [], "cpu": []}
            for _ in range(args.runs):  # alternated, so drift hits both alike
                for record, function in ((checked, lambda path=path: parse_quads(path)),
                                         (bare, lambda path=path, fmt=fmt: list(ox.parse(path=path, format=fmt)))):
                    wall, cpu = _timed(function)
                    record["wall"].append(wall)
                    record["cpu"].append(cpu)
            print(f"{name} ({path.stat().st_size / 1e6:.1f} MB): with limits wall {_summary(checked['wall'])}, "
                  f"cpu {_summary(checked['cpu'])}; pyoxigraph alone wall {_summary(bare['wall'])}, "
                  f"cpu {_summary(bare['cpu'])}")
        data = str(files["N-Triples"])
        for label, argv in (("roto sparql --data", [sys.executable, "-m", "roto", "sparql", "--data", data, "ASK {}"]),
                            ("roto.open()", [sys.executable, "-c", f"import roto; roto.open([{data!r}])"])):
            peak, code = _peak_mb(argv)
            print(f"{label} on {args.mb:g} MB of N-Triples: peak {peak:.0f} MB resident (exit {code})")


if __name__ == "__main__":
    main()
