"""HermiT, run as its own command line on an N-Triples file, its answer read from its output.

The input file is written from the compiled graph (by pyoxigraph) into a private folder
deleted after the run, so the caller's graph is never touched and nothing is left behind.
HermiT (OWL API 3, the jar owlready2 ships) sees every triple, including the
owl:NegativePropertyAssertion of each blank table cell, so asserting a use that Table 1 or
Table 2 leaves blank makes the ontology inconsistent. Its output lists each class's direct
superclasses and each individual's direct classes, as functional-syntax lines; that is all
`materialise` needs. owlready2 is not imported (only its jar is used): going through its
quadstore cost as much as HermiT itself on large graphs. `owl:imports` is left out of the
input, so HermiT never fetches anything.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import tempfile
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..build.triples import Triples
from ..errors import RotoError
from .partitions import JAVA_MEMORY

_IMPORTS = b"<http://www.w3.org/2002/07/owl#imports>"
_ANSWER = re.compile(r"^(SubClassOf|Type|EquivalentClasses)\( ((?:<[^>]+>\s*)+) \)$", re.MULTILINE)
_RELATION = {"SubClassOf": RDFS.subClassOf, "Type": RDF.type}
# HermiT's actions: classify classes, object and data properties and individuals; or check
# that owl:Thing is satisfiable, which fails (InconsistentOntologyException) exactly when the input is inconsistent.
CLASSIFY = ("-c", "-O", "-D", "-I")
CONSISTENCY = ("-k",)
# Java's optimising compiler (C2) costs more CPU than it saves on runs of seconds: with the
# quick compiler alone HermiT takes half the CPU on the review and two thirds at 1,000 models
# (24 MB of N-Triples). Larger inputs keep Java's default, whose C2 pays off on long runs.
QUICK_COMPILER_BELOW = 64_000_000  # bytes of N-Triples
QUICK_COMPILER = "-XX:TieredStopAtLevel=1"


def java_options(size: int, java_memory: int) -> list[str]:
    """The JVM options for a HermiT run on `size` bytes of N-Triples."""
    return [f"-Xmx{java_memory}M", *([QUICK_COMPILER] if size < QUICK_COMPILER_BELOW else [])]


def _classpath() -> str:
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise RotoError("`roto reason` needs owlready2, which ships HermiT: pip install owlready2")
    folder = Path(next(iter(spec.submodule_search_locations))) / "hermit"
    return f"{folder}:{folder / 'HermiT.jar'}"


class Hermit:
    """Runs HermiT on N-Triples, one Java process per run; counts the runs."""

    def __init__(self, java_memory: int = JAVA_MEMORY) -> None:
        self.runs, self.java_memory = 0, java_memory

    def run(self, ntriples: bytes) -> Triples | None:
        """HermiT's conclusions (direct classes and superclasses, classes equivalent to
        owl:Nothing), or None if the input is inconsistent. Any other failure of Java or
        HermiT is bad input to the reasoner: one line, exit 2 (exit 1 means inconsistent)."""
        output = self._java(ntriples, CLASSIFY)
        return None if output is None else _conclusions(output)

    def consistent(self, ntriples: bytes) -> bool:
        """Whether the input is consistent: HermiT checks that alone, without classifying
        (a third less time a run, and an explanation makes a dozen runs)."""
        return self._java(ntriples, CONSISTENCY) is not None

    def _java(self, ntriples: bytes, actions: tuple[str, ...]) -> str | None:
        """HermiT's output for `actions` on the input, or None if it is inconsistent."""
        self.runs += 1
        if _IMPORTS in ntriples:
            ntriples = b"\n".join(line for line in ntriples.split(b"\n") if line.split(b" ", 2)[1:2] != [_IMPORTS])
        with tempfile.TemporaryDirectory(prefix="roto-reason-") as folder:
            source = Path(folder) / "input.nt"
            source.write_bytes(ntriples)
            command = ["java", *java_options(len(ntriples), self.java_memory), "-cp", _classpath(),
                       "org.semanticweb.HermiT.cli.CommandLine", *actions, source.as_uri()]
            try:
                done = subprocess.run(command, check=False, capture_output=True, cwd=folder)  # its exit code is read below
            except FileNotFoundError:
                raise RotoError("`roto reason` needs Java 11 or newer on the PATH to run HermiT") from None
        output, errors = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
        if done.returncode == 1 and "InconsistentOntologyException" in errors:
            return None
        if "OutOfMemoryError" in errors:
            raise _out_of_memory(self.java_memory)
        if done.returncode != 0 or "went pear-shaped" in errors:  # HermiT's words for a file it cannot read
            kind, message = _cause(errors, done.returncode)
            raise RotoError(f"the reasoner failed ({kind}): {message}")
        return output


def _cause(errors: str, code: int) -> tuple[str, str]:
    """What went wrong, from HermiT's error output: the Java exception's class and message,
    or HermiT's own complaint about its input."""
    lines = [line.strip() for line in errors.splitlines() if line.strip() and not line.strip().startswith("at ")]
    for index, line in enumerate(lines):
        if "went pear-shaped" in line:
            return "HermiT", " ".join(lines[index:index + 2])
        found = re.search(r"([\w.$]+(?:Exception|Error)): ?(.*)", line)
        if found:
            return found.group(1).rsplit(".", 1)[-1], found.group(2) or "no message"
    return "Java", f"exit status {code}: {lines[-1] if lines else 'no message'}"


def _conclusions(output: str) -> Triples:
    found = Triples()
    for relation, names in _ANSWER.findall(output):
        iris = [URIRef(name) for name in names.strip()[1:-1].split("> <")]
        if relation in _RELATION:
            if not iris[0].startswith(str(OWL)):
                found.add((iris[0], _RELATION[relation], iris[1]))
        elif OWL.Nothing in iris:
            found.update((iri, OWL.equivalentClass, OWL.Nothing) for iri in iris if not iri.startswith(str(OWL)))
        else:
            found.update((a, OWL.equivalentClass, b) for a in iris for b in iris if a != b and not a.startswith(str(OWL)))
    return found


def _out_of_memory(megabytes: int) -> RotoError:
    return RotoError(f"HermiT ran out of memory: Java may use {megabytes} MB (--java-memory); give it more, "
                     f"or reason over fewer models at a time (--models-per-run, when the graph can be split)")
