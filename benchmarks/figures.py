"""How long the notebook API and `roto plot` take: run on demand, prints seconds.

    PYTHONPATH=src python benchmarks/figures.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def timed(label: str, call, repeat: int = 5) -> None:
    best = min(_once(call) for _ in range(repeat))
    print(f"{label:<44} {best:8.3f} s (best of {repeat})")


def _once(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    import roto
    from roto.figures import render

    kg = roto.open()
    timed("roto.open()", roto.open)
    timed("roto.open([a researcher's TOML file])", lambda: roto.open([ROOT / "tests/fixtures/researcher-model.toml"]), 3)
    timed("kg.models(relationship=peers, reciprocal)", lambda: kg.models(relationship="peers", reciprocity="reciprocal"))
    timed("kg.evidence('open dialogue')", lambda: kg.evidence("open dialogue"))
    for name in ("resources", "relationships", "dimensions", "network"):
        for fmt in ("svg", "png"):
            timed(f"render {name} as {fmt}", lambda name=name, fmt=fmt: render(name, fmt, kg.store))
    out = Path(tempfile.mkdtemp()) / "dimensions.svg"
    command = [sys.executable, "-m", "roto", "plot", "dimensions", "-o", str(out)]
    timed("roto plot dimensions (a fresh process)",
          lambda: subprocess.run(command, check=True, capture_output=True, env={"PYTHONPATH": str(ROOT / "src")}), 3)


if __name__ == "__main__":
    main()
