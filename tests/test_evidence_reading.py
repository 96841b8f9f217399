"""`roto evidence` reads well: wrapped to a terminal (and only to one), statements in number
order, a feature the source does not state said so; a wrong free-term query parameter is
one line naming the values that give rows."""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

from conftest import ROOT, assert_refused, run_roto


def run_in_terminal(*args: str, columns: int = 90) -> str:
    """Run roto with standard output on a pseudo-terminal `columns` wide."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run([sys.executable, "-m", "roto", *args], stdout=child, stderr=subprocess.PIPE, timeout=300,
                          env={**env, "PYTHONPATH": str(ROOT / "src")})
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal is closed once everything is read
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert done.returncode == 0, done.stderr
    return out.decode("utf-8").replace("\r\n", "\n")


def test_wrapped_to_the_terminal_and_not_when_piped():
    shown = run_in_terminal("evidence", "open dialogue", columns=90)
    assert max(map(len, shown.splitlines())) <= 90
    assert "Rasinkangas" in shown and "open-dialogue/key-text/25" in shown
    piped = run_roto("evidence", "open dialogue")
    assert max(map(len, piped.stdout.splitlines())) > 200  # one line per statement for programs
    unwrapped = run_in_terminal("evidence", "open dialogue", "--no-wrap", columns=90)
    assert max(map(len, unwrapped.splitlines())) > 200


def test_key_texts_in_number_order():
    result = run_roto("evidence", "befriending", "-f", "csv")
    keys = [line.split(",")[0] for line in result.stdout.splitlines() if "/key-text/" in line.split(",")[0]]
    assert [int(k.rsplit("/", 1)[1]) for k in keys] == [9, 10, 11, 12]


def test_a_feature_not_stated_is_said_so():
    result = run_roto("evidence", "befriending", "expertise")
    assert result.returncode == 1 and result.stdout.startswith("not stated:") and "expertise" in result.stdout
    assert "statement  claim" not in result.stdout


def test_a_free_term_parameter_is_checked_with_the_valid_values():
    assert_refused(run_roto("query", "review-table", "-p", "property=resources"),
                   "roto:usesRelationship, roto:usesResource")
    assert_refused(run_roto("query", "figure-source", "-p", "review=<https://example.org/not-here>"),
                   "not a term of the graph")
    ok = run_roto("query", "review-table", "-p", "property=roto:usesRelationship", "-f", "csv")
    assert ok.returncode == 0 and "Professionals" in ok.stdout
