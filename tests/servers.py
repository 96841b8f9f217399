"""Real servers for tests and benchmarks: an Oxigraph SPARQL server on a free loopback port."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # answering, even if with an error status
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up within {seconds} s")
            time.sleep(0.05)


@contextlib.contextmanager
def oxigraph_server(location: Path):
    """`oxigraph serve` with the union default graph (as `roto serve` answers), stopped on exit."""
    executable = shutil.which("oxigraph")
    if executable is None:
        raise FileNotFoundError("oxigraph")
    port = free_port()
    process = subprocess.Popen([executable, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/query?query=ASK%7B%7D")
        yield url
    finally:
        process.terminate()
        process.wait(10)
