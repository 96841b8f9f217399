"""A load generator for an HTTP server on loopback, standard library only.

Groups of client threads each send their request over a new connection, again and again,
until the time is up, then finish the request in flight: the run stops by itself. Every
request is kept as an outcome; a connection reset, refused or timed out is an outcome too,
never an exception, so a test can count them.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Outcome:
    group: str
    seconds: float             # wall time from connecting to the end of the answer
    status: int | None         # None: no answer
    error: str | None = None   # the exception's name when there was no answer


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float

    def of(self, group: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.group == group]

    def failures(self) -> list[Outcome]:
        """Requests that got no answer (reset, refused, cut, timed out)."""
        return [o for o in self.outcomes if o.status is None]

    def statuses(self, group: str) -> Counter:
        return Counter(o.status for o in self.of(group))

    def median(self, group: str) -> float:
        return statistics.median(o.seconds for o in self.of(group) if o.status is not None)

    def summary(self) -> str:
        lines = [f"{len(self.outcomes)} requests in {self.seconds:.1f} s wall, {len(self.failures())} without an answer"]
        for group in dict.fromkeys(o.group for o in self.outcomes):
            times = sorted(o.seconds for o in self.of(group))
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            lines.append(f"{group}: {len(times)} requests, statuses {dict(self.statuses(group))}, "
                         f"median {statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms")
        return "\n".join(lines)


def send(host: str, port: int, request: Request, timeout: float) -> tuple[int | None, str | None]:
    """One request on a new connection: (status, None) or (None, what went wrong)."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(request.method, request.path, body=request.body, headers=dict(request.headers))
        response = connection.getresponse()
        response.read()
        return response.status, None
    except (OSError, http.client.HTTPException) as exc:
        return None, type(exc).__name__
    finally:
        connection.close()


def load(host: str, port: int, groups: dict[str, tuple[int, Request]], seconds: float, timeout: float = 30.0) -> Report:
    """Run `groups` (name: (client threads, request)) for `seconds`; each request may take `timeout`."""
    outcomes: list[Outcome] = []
    start = time.monotonic()
    deadline = start + seconds

    def client(group: str, request: Request) -> None:
        while time.monotonic() < deadline:
            began = time.monotonic()
            status, error = send(host, port, request, timeout)
            outcomes.append(Outcome(group, time.monotonic() - began, status, error))  # list.append is atomic

    threads = [threading.Thread(target=client, args=(group, request), daemon=True)
               for group, (count, request) in groups.items() for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + timeout + 5)
    return Report(list(outcomes), time.monotonic() - start)
