"""Many `roto` runs in one interpreter: each through `roto.cli.main()` (or a Python snippet),
in a folder of its own, with its exit code and everything written to file descriptors 1 and
2 kept, as a separate process would give them.

For tests whose subject is what a command does with an input, not how a process starts:
each run costs its work alone instead of an interpreter start and the imports (most of a
refusal's time). The batch itself runs in a child process, so a hang is still caught (by
an alarm per run, and the batch's own timeout) and nothing leaks into the test process.

A run's warnings are shown as in a fresh process (the once-per-place registries are
reset), and an exception that escapes `main()` is written to its stderr as a traceback.

`run_batch` gives a list of runs at once; a `Runner` takes them one at a time, for a test
that does its own work between runs (a document whose commands and Python alternate).
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


class Runner:
    """One child process serving `roto ARGV` runs one at a time: `run(argv, cwd)` gives what
    conftest's `run_roto` gives (a CompletedProcess); a run that takes over `hang` seconds fails."""

    def __init__(self, *, env: dict | None = None, hang: int = 60):
        self._child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve", str(hang)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True, env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})})

    def run(self, argv: list[str], cwd: Path, code: str | None = None) -> subprocess.CompletedProcess:
        """`roto ARGV`, or with `code` the Python snippet run as `python -c CODE ARGV`."""
        assert self._child.stdin is not None and self._child.stdout is not None
        self._child.stdin.write(json.dumps({"argv": argv, "cwd": str(cwd), **({"code": code} if code else {})}) + "\n")
        self._child.stdin.flush()
        answer = self._child.stdout.readline()
        if not answer:  # a hang, or the child died: its own stderr says which
            raise AssertionError(f"the runner stopped at roto {argv}: {self.close()}")
        found = json.loads(answer)
        return subprocess.CompletedProcess(["roto", *argv], found["returncode"], found["stdout"], found["stderr"])

    def close(self) -> str:
        """Ends the child; gives what it wrote to stderr itself (not a run's)."""
        return self._child.communicate(timeout=60)[1]

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, kind, *_) -> None:
        stderr = self.close()
        assert kind is not None or self._child.returncode == 0, stderr


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


def _hermit_answers() -> None:
    """HermiT answered from the test run's kept answers (tests/hermit_answers.py), if any."""
    if os.environ.get(FOLDER_VARIABLE):
        from roto.reason.hermit import Hermit

        Hermit._java = answering(Path(os.environ[FOLDER_VARIABLE]))


def _captured(run: dict, hang: int) -> dict:
    """One run, with fd 1 and 2 pointed at files of its own, and what it wrote there."""
    saved = os.dup(1), os.dup(2)
    start = os.getcwd()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        os.chdir(run["cwd"])
        try:
            code = _one(run, hang)
        except _Hang:
            raise SystemExit(f"hung: {run}") from None
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.chdir(start)
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        out.seek(0)
        err.seek(0)
        return {"returncode": code, "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace")}


def _batch(plan: Path, answers: Path) -> None:
    import signal

    job = json.loads(plan.read_text())
    if any(run["argv"][:1] == ["reason"] for run in job["runs"]):
        _hermit_answers()
    signal.signal(signal.SIGALRM, _on_alarm)
    answers.write_text(json.dumps([_captured(run, job["hang"]) for run in job["runs"]]))


def _serve(hang: int) -> None:
    """Runs read one JSON line at a time from stdin, each answered by one line on stdout;
    a run itself reads no stdin (it gets /dev/null) and writes to files of its own."""
    import signal

    requests, answers = os.fdopen(os.dup(0), "r"), os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    signal.signal(signal.SIGALRM, _on_alarm)
    hermit = False
    for line in requests:
        run = json.loads(line)
        if run["argv"][:1] == ["reason"] and not hermit:
            _hermit_answers()
            hermit = True
        answers.write(json.dumps(_captured(run, hang)) + "\n")
        answers.flush()


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        _serve(int(sys.argv[2]))
    else:
        _batch(Path(sys.argv[1]), Path(sys.argv[2]))
