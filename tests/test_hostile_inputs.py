"""Hostile researcher files against every command that reads them (issue 13, findings 6, 7, 8
and 10; issue 10, item 9).

Each file of tests/hostile/files/ (small, committed) and each large file made at test time
(never committed) goes to `roto validate` (as data and as --shapes), `roto reason` (where
Java is), `--data` of table, models, evidence and sparql, and `roto.open()` in Python. Every
one must give one `roto: error:` line and exit 2 naming the limit or fault, or, for a valid
but unusual file, be read; never a traceback, never a hang (a timeout catches one), never a
file written.

The 264 runs go through `roto.cli.main()` in one child process (tests/in_process.py: exit
code and file descriptors 1 and 2 as a process gives them): what is tested is the
command's handling of the file, not the interpreter's start. Each command also runs once
as a real process on one refused and one valid file, the end-to-end proof.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, assert_refused, require, require_executable, run_roto
from hermit_answers import real_hermit
from in_process import run_batch

FILES = Path(__file__).parent / "hostile" / "files"
HANG = 60  # seconds: far above what any of these takes; only a hang reaches it

RDF12 = "RDF 1.2"
# file -> a fragment of the one line every command must give, or None: the file is valid and read.
EXPECTED = {
    "jsonld-nested-990.jsonld": "nested more than 64 levels deep",
    "jsonld-5000-digits.jsonld": "over the limit of 1,000",
    "toml-nested.toml": "nested more than 64 levels deep",
    "toml-dotted-keys-3000.toml": "keys nested more than 64 levels deep",
    "toml-position-eleventh.toml": 'toml-position-eleventh.toml:27: models.clubhouse: position = "eleventh" is not a whole number',
    "toml-year-as-text.toml": 'toml-year-as-text.toml:13: source: year = "2014" is not a whole number',
    "toml-references-a-list.toml": "references: expected a table",
    "toml-nul-in-label.toml": "control character U+0000",
    "toml-cites-2000000000.toml": "spans 2,000,000,000 numbers, over the limit of 1,000",
    "toml-invalid-source-iri.toml": "not a valid absolute IRI",
    "turtle-first-as-integer.ttl": 'turtle-first-as-integer.ttl:3: the literal "first" is not a valid xsd:integer',
    "turtle-february-30.ttl": "turtle-february-30.ttl:3: the literal \"2014-02-30\" is not a valid xsd:date",
    "turtle-bad-xmlliteral.ttl": "not well-formed rdf:XMLLiteral",
    "turtle-nul-in-literal.ttl": "control character U+0000",
    "turtle-rdf12-reifier.ttl": RDF12,
    "turtle-rdf12-quoted-triple.ttl": RDF12,
    "turtle-rdf12-direction.ttl": RDF12,
    "trig-rdf12-annotation.trig": RDF12,
    "nquads-rdf12-triple-term.nq": RDF12,
    "ntriples-rdf12-triple-term.nt": RDF12,
    "turtle-nested-100.ttl": "turtle-nested-100.ttl:2: nested more than 64 levels deep",
    "turtle-list-nested-100.ttl": "nested more than 64 levels deep",
    "rdfxml-nested-100.rdf": "nested more than 64 levels deep",
    "rdfxml-leading-comment.rdf": None,
    "rdfxml-other-prefix.rdf": None,
    "shapes-service.ttl": None,  # valid data; refused only as shapes
    "shapes-graph.ttl": None,
}
AS_SHAPES = {"shapes-service.ttl": "uses SERVICE", "shapes-graph.ttl": "uses GRAPH"}


def _nested_turtle(path: Path) -> None:
    """Finding 7: 200 kB of nested blank nodes took 207 s to validate."""
    depth = 200_000 // 8
    path.write_text("@prefix e: <http://example.org/> .\ne:a e:p " + "[ e:p " * depth + "e:c" + " ]" * depth + " .\n")


def _long_iri(path: Path) -> None:
    """Finding 7: a 5 MB IRI on one N-Triples line (rdflib's parser is quadratic in line length)."""
    path.write_text("<http://example.org/a> <http://example.org/p> <http://example.org/" + "x" * 5_000_000 + "> .\n")


def _huge_literal(path: Path) -> None:
    """Finding 6: a literal over pyoxigraph's 16 MB token buffer (a MemoryError traceback)."""
    with path.open("w") as handle:
        handle.write('<http://example.org/a> <http://example.org/p> "')
        for _ in range(17):
            handle.write("x" * 1_000_000)
        handle.write('" .\n')


def _half_gigabyte(path: Path) -> None:
    """Finding 7: 500 MB files needed more than 9 GB. Sparse: refused from its size alone."""
    with path.open("wb") as handle:
        handle.truncate(500_000_000)


def _unreadable_path(folder: Path) -> Path:
    """Finding 6: a path the system cannot look up (an unsearchable folder raised a traceback;
    the tests run as root, for whom no folder is unsearchable, so a name too long stands in:
    the same OSError from the same stat)."""
    return folder / ("x" * 300) / "data.ttl"


GENERATED = {
    "generated-nested-200kB.ttl": (_nested_turtle, "nested more than 64 levels deep"),
    "generated-iri-5MB.nt": (_long_iri, "over the limit of 1,016,384"),
    "generated-literal-17MB.nt": (_huge_literal, "over the limit of 1,016,384"),
    "generated-literal-17MB.ttl": (_huge_literal, "over pyoxigraph's 16 MB buffer"),
    "generated-500MB.ttl": (_half_gigabyte, "500 MB, over the limit of 32 MB per file (set ROTO_MAX_FILE_MB"),
    "generated-unsearchable.ttl": (None, "cannot read: File name too long"),
}

OPEN = """
import sys
import roto
from roto.errors import RotoError
try:
    kg = roto.open([sys.argv[1]])
except RotoError as exc:
    print(f"roto: error: {exc}", file=sys.stderr)
    sys.exit(2)
print(len(kg.store))
"""

COMMANDS = {
    "validate": ["validate", "FILE"],
    "validate --shapes": ["validate", "--shapes", "FILE"],
    "reason": ["reason", "FILE"],
    "table --data": ["table", "resources", "--data", "FILE"],
    "models --data": ["models", "--data", "FILE"],
    "evidence --data": ["evidence", "open-dialogue", "--data", "FILE"],
    "sparql --data": ["sparql", "--data", "FILE", "ASK { ?s ?p ?o }"],
    "roto.open": None,
}


def _expected(name: str, command: str) -> str | None:
    """The fragment `command` must refuse `name` with, or None if it must read it."""
    fragment = EXPECTED[name] if name in EXPECTED else GENERATED[name][1]
    toml = name.endswith(".toml")
    if command == "validate --shapes":
        if name in AS_SHAPES:
            return AS_SHAPES[name]
        if toml:
            return "unknown file extension '.toml'"
        return fragment or "not a SHACL shapes file"
    if toml and command.endswith("--data"):
        return "--data reads RDF, not a TOML model file"
    return fragment


def _snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """Every hostile file by name: the committed ones, and the large ones written here."""
    folder = tmp_path_factory.mktemp("hostile")
    paths = {name: FILES / name for name in EXPECTED}
    for name, (make, _) in GENERATED.items():
        if make is None:
            paths[name] = _unreadable_path(folder)
        else:
            make(folder / name)
            paths[name] = folder / name
    return paths


NAMES = [*EXPECTED, *GENERATED]
ENV = {"ROTO_MAX_FILE_MB": ""}


def _run(command: str, path: Path, cwd: Path) -> dict:
    """One run of `command` on `path` for tests/in_process.py."""
    if COMMANDS[command] is None:
        return {"code": OPEN, "argv": [str(path)], "cwd": str(cwd)}
    return {"argv": [str(path) if a == "FILE" else a for a in COMMANDS[command]], "cwd": str(cwd)}


@pytest.fixture(scope="module")
def outcomes(hostile, tmp_path_factory) -> dict[tuple[str, str], tuple[dict, Path]]:
    """Every (file, command) run once, in-process, each in an empty folder of its own:
    {(name, command): (its exit code and output, its folder)}."""
    cases = [(name, command) for name in NAMES for command in COMMANDS
             if command != "reason" or shutil.which("java") is not None]
    folders = [tmp_path_factory.mktemp("run") for _ in cases]
    runs = [_run(command, hostile[name], folder) for (name, command), folder in zip(cases, folders, strict=True)]
    results = run_batch(runs, env=ENV, hang=HANG)
    return {case: (result, folder) for case, result, folder in zip(cases, results, folders, strict=True)}


def test_the_corpus_is_the_expected_list():
    assert sorted(p.name for p in FILES.iterdir()) == sorted(EXPECTED)


def _check(result, folder: Path, before: set[str], name: str, command: str, path: Path) -> None:
    """One command's answer to one file: the refusal it must give, or the file read."""
    assert "Traceback" not in result.stderr, result.stderr
    assert _snapshot(folder) == before  # nothing written where it ran
    fragment = _expected(name, command)
    if fragment is not None:
        assert str(path) in assert_refused(result, fragment)  # the line names the file
        return
    # A valid file: read, and answered from (evidence may not find the model in it).
    if command == "evidence --data" and result.returncode == 2:
        assert_refused(result, "unknown model 'open-dialogue'")
    else:
        assert result.returncode in (0, 1) and len(result.stderr.splitlines()) <= 1, result.stderr
    if command == "sparql --data":
        assert result.stdout.strip() == "yes"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", NAMES)
def test_every_hostile_file_gets_one_line_from_every_command(hostile, outcomes, name, command):
    if command == "reason":
        require(shutil.which("java") is not None, "roto reason needs Java")
    found, folder = outcomes[(name, command)]
    result = subprocess.CompletedProcess([command, name], found["returncode"], found["stdout"], found["stderr"])
    _check(result, folder, set(), name, command, hostile[name])


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ["turtle-nested-100.ttl", "rdfxml-other-prefix.rdf"])
def test_every_command_as_a_real_process(hostile, tmp_path, name, command):
    """The same checks on a separate `roto` process (a Python one for roto.open), for one
    refused and one valid file: what the in-process runs stand for holds end to end."""
    if command == "reason":
        require(shutil.which("java") is not None, "roto reason needs Java")
    path = hostile[name]
    if COMMANDS[command] is None:
        argv = [sys.executable, "-c", OPEN, str(path)]
    else:
        argv = [sys.executable, "-m", "roto", *_run(command, path, tmp_path)["argv"]]
    before = _snapshot(tmp_path)
    result = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=HANG,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **ENV})
    _check(result, tmp_path, before, name, command, path)


def test_a_nul_in_a_label_stops_build_before_anything_is_written(tmp_path):
    """Finding 8: `build` wrote a roto.owl that was not well-formed XML."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "src", checkout / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("ontology", "review", "shapes", "queries"):
        shutil.copytree(ROOT / folder, checkout / folder)
    model = checkout / "review" / "models" / "open-dialogue.toml"
    model.write_text(model.read_text().replace('label = "Open dialogue"', 'label = "Open\\u0000dialogue"'))
    out = tmp_path / "out"
    result = run_roto("build", "-o", str(out), cwd=tmp_path, env={"PYTHONPATH": str(checkout / "src")})
    assert_refused(result, "open-dialogue.toml: models.open-dialogue: 'label': holds the control character U+0000")
    assert not out.exists()


def test_a_file_name_with_colons_is_carried_whole(tmp_path):
    """Issue 10: authoring.py split `where` on ':' and misnamed a file in a folder like `a:b`."""
    from roto.authoring import read_content

    folder = tmp_path / "study:2026"
    folder.mkdir()
    path = folder / "clubhouse.toml"
    shutil.copy(ROOT / "docs" / "examples" / "clubhouse.toml", path)
    content = read_content([path])
    added = [s for s in content.statements if "clubhouse" in s.id]
    assert added and {s.origin for s in added} == {str(path)}
    assert {e.origin for e in content.entities.values() if "clubhouse" in e.iri} == {str(path)}


def test_the_reasoner_maps_a_hermit_failure_to_one_line():
    """Issue 10, item 9: whatever Java or HermiT reports, `roto reason` says one line, exit 2.
    (The loader refuses unreadable input first; here some is handed to HermiT directly, which
    exits 0 after saying it could not parse it: that must not pass for "no conclusions".)"""
    require_executable("java")
    from roto.errors import RotoError
    from roto.reason.hermit import Hermit

    with real_hermit(), pytest.raises(RotoError, match=r"^the reasoner failed \(HermiT\): .*Problem parsing file:[^\n]*$"):
        Hermit().run(b"this is not <N-Triples\n")


def test_the_file_size_limit_is_a_setting(tmp_path):
    path = tmp_path / "small.ttl"
    path.write_text("<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n" * 20)
    lowered = run_roto("sparql", "--data", str(path), "ASK { ?s ?p ?o }", env={"ROTO_MAX_FILE_MB": "0.001"})
    assert_refused(lowered, "small.ttl: 0.00142 MB, over the limit of 0.001 MB per file")
    assert_refused(run_roto("sparql", "--data", str(path), "ASK {}", env={"ROTO_MAX_FILE_MB": "lots"}),
                   "ROTO_MAX_FILE_MB='lots'")
