"""Query editor benchmark: how long the endpoint's query page takes, in headless Chromium on
loopback, from navigation to the rows of a canned query shown by the editor (YASGUI: about
1 MB of script to parse, then the query sent by POST and drawn). Prints each load's time
(the first is cold: nothing cached), the median, min and max. Bounded: `--loads` pages, one
browser, both stopped at the end. Wall time in the page (performance.now()); the browser's
CPU is not separated from the server's, which runs in this process.

    PYTHONPATH=src python benchmarks/query_editor.py [--loads 6] [--example models-by-resource]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from chromium import Browser  # noqa: E402
from http_helpers import running  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=6)
    parser.add_argument("--example", default="models-by-resource")
    args = parser.parse_args()
    from roto.web.app import Limits, RotoApp

    shown = []
    with tempfile.TemporaryDirectory() as profile, running(RotoApp(limits=Limits(workers=1))) as port:
        browser = Browser(Path(profile))
        try:
            for _ in range(args.loads):
                tab = browser.page()
                tab.goto(f"http://127.0.0.1:{port}/sparql?example={args.example}")
                shown.append(tab.wait_for("(() => { const row = document.querySelector('.yasr tbody tr');"
                                          " return row && performance.now(); })()"))
        finally:
            browser.close()
    print(f"query page to the rows of {args.example} in the editor, ms (wall, {args.loads} loads, first cold):")
    print("  " + " ".join(f"{ms:.0f}" for ms in shown))
    print(f"  median {statistics.median(shown):.0f} (min {min(shown):.0f}, max {max(shown):.0f})")


if __name__ == "__main__":
    main()
