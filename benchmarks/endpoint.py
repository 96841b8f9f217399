"""Endpoint benchmark: the canned queries against `roto serve` and `oxigraph serve` on
loopback, same graph, same load. Prints requests/s and p50/p99 latency for each, and the
ratio. Bounded: a fixed number of requests per server; both servers are stopped at the end.

    PYTHONPATH=src python benchmarks/endpoint.py [--requests 600] [--clients 4]

Each request opens a new connection (roto serve's stdlib server speaks HTTP/1.0), asks
for SPARQL JSON results, and reads the whole answer. The client threads share the
machine with the server under test, as a loopback benchmark must.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from servers import free_port, wait_for  # noqa: E402

# Values for canned-query parameters without a default.
SAMPLE_VALUES = {"review": "<https://doi.org/10.1192/bjp.bp.113.135038>"}


def canned_queries() -> list[tuple[str, str]]:
    from roto.canned import all_queries, bind
    from roto.engine import open_engine
    from roto.matching import resolve_params

    engine = open_engine()
    found = []
    for name, query in all_queries().items():
        values = {p.name: SAMPLE_VALUES[p.name] for p in query.params if p.default is None and p.name in SAMPLE_VALUES}
        found.append((name, bind(query, resolve_params(engine, query, values))))
    return found


def load(port: int, path: str, queries: list[tuple[str, str]], requests: int,
         clients: int) -> tuple[list[float], float, list[str]]:
    """`requests` POSTs spread over `clients` threads: (latencies in s, elapsed s, errors)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def client() -> None:
        mine = []
        for i in counter:
            name, text = queries[i % len(queries)]
            body = urlencode({"query": text}).encode()
            start = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            connection.close()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                with lock:
                    errors.append(f"{name}: HTTP {response.status}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - start, errors


def summary(latencies: list[float], elapsed: float) -> dict:
    latencies = sorted(latencies)
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000}


def warm(port: int, path: str, queries) -> None:
    _, _, errors = load(port, path, queries, len(queries), 1)
    if errors:
        raise SystemExit(f"a canned query fails on port {port}: {errors[0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600, help="requests per server (default: 600)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads (default: 4)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per server (default: 5)")
    args = parser.parse_args()
    oxigraph = shutil.which("oxigraph")
    if oxigraph is None:
        print("oxigraph is not installed (pip install oxigraph)", file=sys.stderr)
        return 2
    queries = canned_queries()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    totals = {}
    with tempfile.TemporaryDirectory() as data:
        subprocess.run([oxigraph, "load", "--location", data, "--file", str(ROOT / "release" / "roto.nq")],
                       check=True, capture_output=True)
        servers = {
            "roto serve": ([sys.executable, "-m", "roto", "serve", "--port", "{port}"], "/sparql"),
            "oxigraph serve": ([oxigraph, "serve", "--location", data, "--bind", "127.0.0.1:{port}",
                                "--union-default-graph"], "/query"),
        }
        running = {}
        try:
            for label, (command, path) in servers.items():
                port = free_port()
                running[label] = (subprocess.Popen([c.format(port=port) for c in command], env=env,
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), port, path)
            for _, port, path in running.values():
                wait_for(f"http://127.0.0.1:{port}{path}?query=ASK%7B%7D")
                warm(port, path, queries)
            # Alternate rounds so that a change in the machine's load hits both servers alike.
            for _ in range(args.rounds):
                for label, (_, port, path) in running.items():
                    latencies, elapsed, errors = load(port, path, queries, args.requests // args.rounds, args.clients)
                    total = totals.setdefault(label, ([], [0.0], []))
                    total[0].extend(latencies)
                    total[1][0] += elapsed
                    total[2].extend(errors)
        finally:
            for process, _, _ in running.values():
                process.terminate()
                process.wait(10)
    results = {label: {**summary(lat, elapsed[0]), "errors": errors} for label, (lat, elapsed, errors) in totals.items()}
    print(f"{len(queries)} canned queries, {args.requests} requests per server, {args.clients} clients, "
          f"{os.cpu_count()} CPUs\n")
    print("| server | requests/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|")
    for label, r in results.items():
        print(f"| {label} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {len(r['errors'])} |")
    roto, ox = results["roto serve"], results["oxigraph serve"]
    print(f"\nroto serve / oxigraph serve: {roto['rps'] / ox['rps']:.2f}x the throughput, "
          f"{roto['p50'] / ox['p50']:.2f}x the median latency")
    for label, r in results.items():
        for error in r["errors"][:5]:
            print(f"{label}: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
