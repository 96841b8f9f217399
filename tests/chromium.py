"""Headless Chromium driven over the DevTools protocol (a pipe: no port, no extra package),
for tests that must type, click, size the window and measure the DOM, not only read it.

Chromium reads commands from fd 3 and writes answers to fd 4, each a JSON message ended by
a NUL byte (`--remote-debugging-pipe`). One `Browser` runs one Chromium with a fresh
profile; `page()` opens a tab. Every wait has a deadline and says what it waited for.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

from conftest import require

ARTEFACTS = "ROTO_TEST_ARTEFACTS"  # a folder to copy screenshots to, when set
WAIT = 60.0  # seconds any single wait may take before the test fails (a loaded machine is slow)


class Browser:
    def __init__(self, profile: Path) -> None:
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        require(executable is not None, "chromium is not installed (Debian package chromium)")
        commands_r, self._commands = os.pipe()
        self._answers, answers_w = os.pipe()
        # the child's ends moved above 3 and 4, so that wiring them to 3 and 4 overwrites neither
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (commands_r, answers_w)]
        os.close(commands_r)
        os.close(answers_w)
        commands_r, answers_w = high

        def wire() -> None:  # in the child, before exec: the pipe ends at the fds Chromium expects (dup2 only)
            os.dup2(commands_r, 3)
            os.dup2(answers_w, 4)

        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
             "--hide-scrollbars", "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire,  # noqa: PLW1509 (dup2 only, async-signal-safe)
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_r)
        os.close(answers_w)
        self._next = 0
        self._lock = threading.Condition()
        self._replies: dict[int, dict] = {}
        self.events: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._answers, "rb", buffering=0) as answers:
            while chunk := answers.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                with self._lock:
                    for raw in messages:
                        message = json.loads(raw)
                        if "id" in message:
                            self._replies[message["id"]] = message
                        else:
                            self.events.append(message)
                    self._lock.notify_all()

    def send(self, method: str, session: str | None = None, **params) -> dict:
        with self._lock:
            self._next += 1
            number = self._next
        message = {"id": number, "method": method, "params": params, **({"sessionId": session} if session else {})}
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        with self._lock:
            if not self._lock.wait_for(lambda: number in self._replies, WAIT):
                raise AssertionError(f"Chromium did not answer {method} within {WAIT:g} s")
            reply = self._replies.pop(number)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, session: str, after: int) -> dict:
        """The first event `method` of `session` among the events numbered `after` or later."""
        def found():
            return next((e for e in self.events[after:] if e["method"] == method and e.get("sessionId") == session), None)
        with self._lock:
            if not self._lock.wait_for(lambda: found() is not None, WAIT):
                raise AssertionError(f"no {method} within {WAIT:g} s")
            return found()

    def page(self, width: int = 1280, height: int = 900) -> Page:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Audits"):
            self.send(f"{domain}.enable", session)
        self.send("Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 600)
        return Page(self, session)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (AssertionError, OSError):
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def send(self, method: str, **params) -> dict:
        return self.browser.send(method, self.session, **params)

    def goto(self, url: str) -> None:
        mark = len(self.browser.events)
        self.send("Page.navigate", url=url)
        self.browser.wait_event("Page.loadEventFired", self.session, mark)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (awaited if a promise)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str) -> object:
        """Poll until the expression is truthy; its value."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"still false after {WAIT:g} s: {expression}")

    def type(self, selector: str, text: str) -> None:
        """Focus the field and type into it, as a keyboard would (input events fire)."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        for char in text:
            self.send("Input.dispatchKeyEvent", type="keyDown", text=char, key=char, unmodifiedText=char)
            self.send("Input.dispatchKeyEvent", type="keyUp", key=char)

    def click(self, selector: str) -> None:
        """A real mouse click at the centre of the element (scrolled into view first)."""
        box = self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
                            "e.scrollIntoView({block: 'center', inline: 'center'}); const r = e.getBoundingClientRect(); "
                            "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: Path, full: bool = False) -> Path:
        """A PNG of the viewport (or the whole page), written to `path` and copied to
        $ROTO_TEST_ARTEFACTS when that is set."""
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=full)["data"]
        path.write_bytes(base64.b64decode(data))
        if os.environ.get(ARTEFACTS):
            folder = Path(os.environ[ARTEFACTS])
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / path.name)
        return path

    def problems(self) -> list[str]:
        """Errors the page reported: console errors, uncaught exceptions, CSP issues."""
        found = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            method, params = event["method"], event["params"]
            if method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f'{params["entry"]["text"]} {params["entry"].get("url", "")}'.strip())
            elif method == "Runtime.exceptionThrown":
                found.append(str(params["exceptionDetails"].get("text")))
            elif method == "Audits.issueAdded":
                found.append(params["issue"]["code"])
        return found
