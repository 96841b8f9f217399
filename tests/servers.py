"""Real servers for tests and benchmarks on free loopback ports: an Oxigraph SPARQL server,
and `roto serve` itself."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
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
                raise RuntimeError(f"{url} did not come up within {seconds} s") from None
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


@dataclass
class RotoServer:
    """A `roto serve` process: where it listens, and the file its stderr goes to."""

    host: str
    port: int
    process: subprocess.Popen
    stderr: Path

    @property
    def errors(self) -> str:
        return self.stderr.read_text(errors="replace")


@contextlib.contextmanager
def roto_serve(folder: Path, *options: str, host: str = "127.0.0.1", env: dict | None = None):
    """`roto serve --port 0` from this checkout (`env` added to the environment), started and
    stopped; yields a RotoServer."""
    root = Path(__file__).resolve().parents[1]
    stderr = folder / "serve.stderr"
    with stderr.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "roto", "serve", "--host", host, "--port", "0", *options],
                                   stdout=subprocess.DEVNULL, stderr=sink,
                                   env={**os.environ, "PYTHONPATH": str(root / "src"), **(env or {})})
    try:
        deadline = time.monotonic() + 60
        while not (match := re.search(r"serving http://(\[[^\]]+\]|[^:/]+):(\d+)/", stderr.read_text(errors="replace"))):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"roto serve did not start: {stderr.read_text(errors='replace')}")
            time.sleep(0.05)
        yield RotoServer(match[1].strip("[]"), int(match[2]), process, stderr)
    finally:
        process.terminate()
        process.wait(20)
