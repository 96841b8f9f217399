"""Many `roto` runs in one interpreter: each through `roto.cli.main()` (or a Python snippet),
in a folder of its own, with its exit code and everything written to file descriptors 1 and
2 kept, as a separate process would give them.

For tests whose subject is what a command does with an input, not how a process starts:
each run costs its work alone instead of an interpreter start and the imports (most of a
refusal's time). The batch itself runs in a child process, so a hang is still caught (by
an alarm per run, and the batch's own timeout) and nothing leaks into the test process.

A run's warnings are shown as in a fresh process (the once-per-place registries are
reset), and an exception that escapes `main()` is written to its stderr as a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hermit_answers import FOLDER_VARIABLE, answering

SRC = Path(__file__).resolve().parents[1] / "src"


def run_batch(runs: list[dict], *, env: dict | None = None, hang: int = 60, timeout: int = 600) -> list[dict]:
    """Each run: {"argv": [...], "cwd": folder} for `roto ARGV`, or {"code": text, "argv": [...],
    "cwd": folder} for a Python snippet run as `python -c TEXT ARGV`. Gives, in order,
    {"returncode", "stdout", "stderr"}; a run that takes over `hang` seconds fails the batch."""
    with tempfile.TemporaryDirectory(prefix="roto-batch-") as folder:
        plan, answers = Path(folder) / "runs.json", Path(folder) / "answers.json"
        plan.write_text(json.dumps({"runs": runs, "hang": hang}))
        child = subprocess.run([sys.executable, str(Path(__file__).resolve()), str(plan), str(answers)],
                               capture_output=True, text=True, timeout=timeout,
                               env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})})
        assert child.returncode == 0, child.stdout + child.stderr
        return json.loads(answers.read_text())


class _Hang(BaseException):
    """Not an Exception: no `except Exception` in the code under test may turn it into a refusal."""


def _on_alarm(signum, frame):
    raise _Hang("a run did not finish in time")


def _one(run: dict, hang: int) -> int:
    """The run's exit code, with fd 1 and 2 already pointed at its files."""
    import signal
    import traceback
    import warnings

    from roto.cli import main

    signal.alarm(hang)
    try:
        with warnings.catch_warnings():  # a fresh registry: each warning once per run, as in a new process
            if "code" in run:
                sys.argv = ["-c", *run["argv"]]
                exec(compile(run["code"], "<string>", "exec"), {"__name__": "__main__"})
                return 0
            return main(run["argv"])
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    except _Hang:
        raise
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        signal.alarm(0)


def _batch(plan: Path, answers: Path) -> None:
    import signal

    job = json.loads(plan.read_text())
    reasons = any(run["argv"][:1] == ["reason"] for run in job["runs"])
    if reasons and os.environ.get(FOLDER_VARIABLE):  # the test run's HermiT answers (tests/hermit_answers.py)
        from roto.reason.hermit import Hermit

        Hermit._java = answering(Path(os.environ[FOLDER_VARIABLE]))
    signal.signal(signal.SIGALRM, _on_alarm)
    saved = os.dup(1), os.dup(2)
    start = os.getcwd()
    found = []
    for run in job["runs"]:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            os.chdir(run["cwd"])
            try:
                code = _one(run, job["hang"])
            except _Hang:
                raise SystemExit(f"hung: {run}") from None
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os.chdir(start)
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
            out.seek(0)
            err.seek(0)
            found.append({"returncode": code, "stdout": out.read().decode("utf-8", "replace"),
                          "stderr": err.read().decode("utf-8", "replace")})
    answers.write_text(json.dumps(found))


if __name__ == "__main__":
    _batch(Path(sys.argv[1]), Path(sys.argv[2]))
