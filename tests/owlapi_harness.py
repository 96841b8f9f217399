"""Compile tests/java/OwlCheck.java against a real OWL API and run it on OWL files.

Two OWL APIs are at hand: 5.1.20 from Debian's libowlapi-java (the line Protégé 5 is built
on) and 3.4.3, shipped inside owlready2. The Java sources are compiled once per session
into a temporary folder; nothing compiled is committed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, require, require_executable

JAVA_SOURCES = ROOT / "tests" / "java"
QUICK_COMPILER = "-XX:TieredStopAtLevel=1"  # runs of a few seconds: Java's optimising compiler costs more than it saves
DEBIAN_JAVA = Path("/usr/share/java")
# libowlapi-java's jar and the jars it needs at run time, as Debian names them.
OWLAPI5_JARS = ("owlapi-distribution", "slf4j-api", "slf4j-nop", "guava", "caffeine", "atinject-jsr330-api",
                "commons-io", "commons-rdf-api", "hppcrt", "jsonld-java", "jackson-core", "jackson-databind",
                "jackson-annotations", "commons-codec", "httpclient", "httpcore", "httpclient-cache",
                "commons-lang", "commons-text", "xz", "commons-compress")
VERSIONS = ("5.1.20", "3.4.3")


def owlapi_jars(version: str) -> list[Path]:
    if version == "5.1.20":
        rdf4j = sorted(p for p in DEBIAN_JAVA.glob("rdf4j-*.jar") if not re.search(r"-[0-9.]+$", p.stem))
        return [DEBIAN_JAVA / f"{name}.jar" for name in OWLAPI5_JARS] + rdf4j
    spec = importlib.util.find_spec("owlready2")
    require(bool(spec and spec.submodule_search_locations), "owlready2 is not installed")
    return [Path(spec.submodule_search_locations[0]) / "pellet" / "owlapi-distribution-3.4.3-bin.jar"]


@dataclass(frozen=True)
class Report:
    """OwlCheck's output: one "key value" fact per line, a key may repeat."""

    lines: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, text: str) -> Report:
        return cls(tuple(tuple(line.split(" ", 1)) if " " in line else (line, "") for line in text.splitlines()))

    def values(self, key: str) -> list[str]:
        return [value for k, value in self.lines if k == key]

    def number(self, key: str) -> int:
        (value,) = self.values(key)
        return int(value)

    def tally(self, key: str) -> dict[str, int]:
        """Lines "key NAME N" as {NAME: N}, e.g. tally("axiom-type")["ClassAssertion"]."""
        return {name: int(n) for name, n in (value.rsplit(" ", 1) for value in self.values(key))}


@dataclass(frozen=True)
class OwlApi:
    version: str
    classpath: str

    def run(self, *args: str | Path) -> subprocess.CompletedProcess:
        return subprocess.run(["java", QUICK_COMPILER, "-cp", self.classpath, "OwlCheck", *map(str, args)],
                              capture_output=True, text=True, timeout=300)

    def loaded(self, result: subprocess.CompletedProcess) -> Report:
        """The report of an OwlCheck run whose file(s) must have loaded."""
        assert result.returncode == 0, f"OWL API {self.version} could not load {result.args[1:]}:\n{result.stderr[-3000:]}"
        return Report.parse(result.stdout)

    def jobs(self, *jobs: tuple[str | Path, ...]) -> list[subprocess.CompletedProcess]:
        """What `run(*job)` gives for each job, all run in one Java process (`OwlCheck --jobs`):
        the JVM and the OWL API start once, not once a job (a second of CPU each)."""
        with tempfile.TemporaryDirectory(prefix="owlcheck-") as folder:
            listing = Path(folder) / "jobs"
            listing.write_text("".join("\t".join(map(str, job)) + "\n" for job in jobs), encoding="utf-8")
            batch = self.run("--jobs", listing)
            assert batch.returncode == 0, f"OwlCheck --jobs failed:\n{batch.stderr[-3000:]}"
            return [subprocess.CompletedProcess(["OwlCheck", *map(str, job)], int(Path(f"{listing}.{n}.code").read_text()),
                                                Path(f"{listing}.{n}.out").read_text(encoding="utf-8"),
                                                Path(f"{listing}.{n}.err").read_text(encoding="utf-8"))
                    for n, job in enumerate(jobs)]


class OwlApiBuilds:
    """OwlCheck compiled per OWL API version on first use (skip or fail via `require`)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self._built: dict[str, OwlApi] = {}

    def get(self, version: str) -> OwlApi:
        if version not in self._built:
            self._built[version] = self._compile(version)
        return self._built[version]

    def _compile(self, version: str) -> OwlApi:
        javac = require_executable("javac")
        require_executable("java")
        jars = owlapi_jars(version)
        missing = [str(jar) for jar in jars if not jar.is_file()]
        require(not missing, f"OWL API {version} jars missing: {', '.join(missing)}")
        out = self.workdir / version
        out.mkdir(parents=True, exist_ok=True)
        classpath = os.pathsep.join(map(str, jars))
        api_dir = "owlapi5" if version.startswith("5") else "owlapi3"
        sources = [JAVA_SOURCES / "OwlCheck.java", *sorted((JAVA_SOURCES / api_dir).glob("*.java"))]
        result = subprocess.run([javac, f"-J{QUICK_COMPILER}", "-nowarn", "-d", str(out), "-cp", classpath, *map(str, sources)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"javac against OWL API {version} failed:\n{result.stderr}"
        return OwlApi(version, classpath + os.pathsep + str(out))
