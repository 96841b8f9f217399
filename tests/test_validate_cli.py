"""`roto validate`: the review conforms, a researcher's additions are checked in every syntax,
and bad shapes get one line and exit 2 (bad data files: test_loader.py, for every command).

What a run answers is the subject here, so the runs are made once, together, through
`roto.cli.main()` in one child process (tests/in_process.py: exit code and output as a
process gives them), each in a folder of its own; the review's check and the guide's
command also run as real `roto` processes, end to end.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from conftest import ROOT, assert_refused, run_roto, write_input
from in_process import run_batch

EXAMPLE = ROOT / "docs" / "examples" / "clubhouse.toml"
SECOND_LABEL = "<https://w3id.org/roto/model/befriending> <http://www.w3.org/2000/01/rdf-schema#label> \"Befriending schemes\"@en .\n"


# Every in-process run of this module: name -> what writes its inputs into its folder and
# gives the arguments of `roto` (the tests below add theirs next to where they use them).
RUNS: dict[str, Callable[[Path], list[str]]] = {"worked example": lambda folder: ["validate", str(EXAMPLE)]}


@pytest.fixture(scope="module")
def validated(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    """Every run of RUNS, made once: name -> (its exit code and output, its folder)."""
    folders = {name: tmp_path_factory.mktemp("run") for name in RUNS}
    runs = [{"argv": make(folders[name]), "cwd": str(ROOT)} for name, make in RUNS.items()]
    answers = run_batch(runs)
    return {name: (subprocess.CompletedProcess(run["argv"], a["returncode"], a["stdout"], a["stderr"]), folders[name])
            for name, run, a in zip(RUNS, runs, answers, strict=True)}


def test_the_review_conforms_with_nothing_to_report():
    result = run_roto("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Conforms.\n"


def test_the_worked_example_conforms_with_one_note(validated):
    result, _ = validated["worked example"]
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Conforms, with 1 note."
    assert "Clubhouse model (therapeutic model <https://w3id.org/roto/model/clubhouse>)" in lines
    assert "  from docs/examples/clubhouse.toml" in lines
    assert any(line.startswith("  note") and "Experiential knowledge" in line for line in lines)


def _without_reciprocity(folder: Path) -> list[str]:
    broken = folder / "no-reciprocity.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("[models.clubhouse.reciprocity]")
    broken.write_text(text[:start] + text[text.index("# Expertise", start):], encoding="utf-8")
    return ["validate", str(broken), "--format", "json"]


RUNS["no reciprocity"] = _without_reciprocity


def test_a_model_without_reciprocity_does_not_conform(validated):
    result, folder = validated["no reciprocity"]
    broken = folder / "no-reciprocity.toml"
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False and report["counts"]["violation"] == 1
    [violation] = [r for r in report["results"] if r["severity"] == "Violation"]
    assert violation["focus"] == "https://w3id.org/roto/model/clubhouse"
    assert violation["component"] == "MinCountConstraintComponent"
    assert violation["property"] == "has reciprocity"
    assert (violation["expected"], violation["found"]) == ("at least 1 value(s)", 0)
    assert violation["file"] == str(broken)
    assert result.stderr == "Does not conform: 1 violation, 1 note.\n"


CELL = '\ndecision-making             = { uses = true,  at = "clubhouse-resources", cites = "2" }\n'


MISTAKES = [
    ('decision-making = { uses = true, cites = "2" }',
     ["resources.decision-making: 'at' (where in the source this is stated) is missing"]),
    ('decison-making = { uses = true, at = "clubhouse-resources" }',
     ["resources.decison-making: unknown resource 'decison-making'", "decision-making"]),
    ('decision-making = { uses = true, at = "clubhouse-resources", cites = "7" }',
     ["resources.decision-making: cites reference(s) [7] that 'clubhouse-example' does not list"]),
    ('decision-making = { uses = "yes", at = "clubhouse-resources" }',
     ['resources.decision-making: uses = "yes" is not true or false; write uses = true for a "Yes" cell']),
    ('decision-making = { used = true, at = "clubhouse-resources" }',
     ["resources.decision-making: unknown key(s) used; write uses = true"]),
    ('decision-making = { uses = true, at = "clubhouse-resources }', [":33:61: invalid TOML: Illegal character", "(a quote or bracket left open?)"]),
    # hedges: the old single key, an unknown kind, a stray key, a citation the source does not list
    ('decision-making = { uses = true, at = "clubhouse-resources", qualifier = "arguable" }',
     ["resources.decision-making: unknown key(s) qualifier (a hedge is now qualifiers = [{ kind = "]),
    ('decision-making = { uses = true, at = "clubhouse-resources", qualifiers = [{ kind = "doubtful" }] }',
     ["resources.decision-making.qualifiers[1]: unknown qualifier 'doubtful'", "seen-as"]),
    ('decision-making = { uses = true, at = "clubhouse-resources", qualifiers = [{ kind = "arguable", why = "x" }] }',
     ["resources.decision-making.qualifiers[1]: unknown key(s) why"]),
    ('decision-making = { uses = true, at = "clubhouse-resources", qualifiers = [{ kind = "arguable", cites = "9" }] }',
     ["resources.decision-making.qualifiers[1]: cites reference(s) [9] that 'clubhouse-example' does not list"]),
    # a joint claim must be recorded on the other model too
    ('decision-making = { uses = true, at = "clubhouse-resources", joint-with = "open-dialogue" }',
     ["clubhouse/resource/decision-making: joint-with 'open-dialogue', but 'open-dialogue' has no matching statement"]),
]
WRONG_ID_OR_TABLE = [
    ("models.clubhouse", 'models."Club House"',
     ["models.Club House: an id is lowercase letters, digits and hyphens, e.g. 'club-house'"]),
    ('[source]\nid = "clubhouse-example"', '[notes]\nid = "clubhouse-example"', ["unknown table(s) notes"]),
]


def _validate_edited(edit: Callable[[str], str]) -> Callable[[Path], list[str]]:
    """A run validating the worked example as `edit` changes it, saved as mine.toml."""
    def make(folder: Path) -> list[str]:
        (folder / "mine.toml").write_text(edit(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
        return ["validate", str(folder / "mine.toml")]
    return make


def _replacing(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new)
    return edit


RUNS.update({f"mistake {cell}": _validate_edited(_replacing(CELL, "\n" + cell + "\n")) for cell, _ in MISTAKES})
RUNS.update({f"wrong {old}": _validate_edited(_replacing(old, new)) for old, new, _ in WRONG_ID_OR_TABLE})
RUNS["without source"] = _validate_edited(lambda text: text[:text.index("[source]")] + text[text.index("[parts]"):])


@pytest.mark.parametrize("cell, fragments", MISTAKES)
def test_a_mistake_in_a_model_file_names_file_key_and_fix(validated, cell, fragments):
    result, folder = validated[f"mistake {cell}"]
    assert_refused(result, str(folder / "mine.toml"), *fragments)


@pytest.mark.parametrize("old, new, fragments", WRONG_ID_OR_TABLE)
def test_a_wrong_id_or_table_in_a_model_file_is_one_line(validated, old, new, fragments):
    result, folder = validated[f"wrong {old}"]
    assert_refused(result, str(folder / "mine.toml"), *fragments)


def test_a_model_file_without_its_own_source_is_told_to_add_one(validated):
    result, folder = validated["without source"]
    assert_refused(result, str(folder / "mine.toml"), "reference 1 of 'review' is listed twice",
                   "give your model a [source] of its own")


JSONLD_SECOND_LABEL = json.dumps({
    "@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
    "@id": "https://w3id.org/roto/model/befriending",
    "rdfs:label": {"@value": "Befriending schemes", "@language": "en"},
})
RDFXML_SECOND_LABEL = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/roto/model/befriending">
    <rdfs:label xml:lang="en">Befriending schemes</rdfs:label>
  </rdf:Description>
</rdf:RDF>
"""


SECOND_LABELS = {"second-label.ttl": SECOND_LABEL, "second-label.nt": SECOND_LABEL,
                 "second-label.jsonld": JSONLD_SECOND_LABEL, "second-label.rdf": RDFXML_SECOND_LABEL}


def _validate_file(name: str, text: str, *options: str) -> Callable[[Path], list[str]]:
    """A run validating a file `name` holding `text`, with `options`."""
    def make(folder: Path) -> list[str]:
        (folder / name).write_text(text, encoding="utf-8")
        return ["validate", str(folder / name), *options]
    return make


RUNS.update({name: _validate_file(name, text) for name, text in SECOND_LABELS.items()})
RUNS["turtle report"] = _validate_file("second-label.ttl", SECOND_LABEL, "--format", "turtle")


@pytest.mark.parametrize("name", SECOND_LABELS, ids=["turtle", "n-triples", "json-ld", "rdf-xml"])
def test_rdf_additions_are_merged_with_the_review_and_blamed_by_file(validated, name):
    result, folder = validated[name]
    path = folder / name
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Does not conform: 1 violation."
    assert lines[2].startswith("Befriending") and "therapeutic model" in lines[2]
    assert lines[3] == "  from review/models/befriending.toml"
    assert lines[4] == "  violation  label: expected at most 1 value(s), found 2"
    assert lines[6] == f"             (in {path})"


def test_a_process_that_ends_without_freeing_its_store_says_everything_first(validated, tmp_path):
    """The console script leaves the data to the process's end (`cli.keep_until_exit`, then
    `os._exit`): a real process still gives its exit code and its whole report, to a pipe and
    to a file, the same as the in-process run, and one whose reader leaves early exits quietly."""
    _, folder = validated["no reciprocity"]
    broken = str(folder / "no-reciprocity.toml")
    piped = run_roto("validate", broken, "--format", "json")
    assert piped.returncode == 1 and piped.stdout == validated["no reciprocity"][0].stdout
    written = run_roto("validate", broken, "--format", "json", "-o", str(tmp_path / "report.json"))
    assert written.returncode == 1 and json.loads((tmp_path / "report.json").read_text())["counts"]["violation"] == 1
    head = subprocess.run(f"{sys.executable} -m roto validate {shlex.quote(broken)} --format turtle | head -1", shell=True,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert head.stdout.startswith("@prefix") and head.stdout.count("\n") == 1 and "Traceback" not in head.stderr


def test_main_frees_what_the_run_before_kept():
    """Within one process (a notebook, a test), `main()` drops what the previous run kept for
    the process's end, so a long-lived caller does not keep every run's store."""
    from roto import cli

    cli.keep_until_exit(object())
    assert cli._KEPT
    assert cli.main(["validate", str(EXAMPLE), "--format", "json", "-o", os.devnull]) == 0
    assert len(cli._KEPT) == 1  # this run's data, not the object kept before


def test_turtle_format_is_a_w3c_validation_report(validated):
    result, _ = validated["turtle report"]
    assert result.returncode == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    [node] = report.subjects(SH.conforms, None)
    assert str(report.value(node, SH.conforms)) == "false"
    assert len(list(report.objects(node, SH.result))) == 1


EXPERTISE_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix roto: <https://w3id.org/roto/> .
<https://example.org/every-model-has-expertise> a sh:NodeShape ; sh:targetClass roto:TherapeuticModel ;
    sh:property [ sh:path roto:hasExpertiseLocus ; sh:minCount 1 ] .
"""


def _other_shapes(folder: Path) -> list[str]:
    write_input(folder, "shapes.ttl", EXPERTISE_SHAPE)
    return ["validate", "--shapes", str(folder / "shapes.ttl"), "--format", "json"]


RUNS["other shapes"] = _other_shapes


def test_other_shapes_replace_rotos(validated):
    result, _ = validated["other shapes"]
    assert result.returncode == 1
    focus = sorted(r["focus"].rsplit("/", 1)[1] for r in json.loads(result.stdout)["results"])
    assert focus == ["befriending", "creative-music-therapy"]


RUNS["report file"] = lambda folder: ["validate", "-f", "json", "-o", str(folder / "report.json")]


def test_output_file_is_written_whole(validated):
    result, folder = validated["report file"]
    out = folder / "report.json"
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(out.read_text())["conforms"] is True
    assert result.stderr == "Conforms.\n"


# ------------------------------------------------------------------ bad shapes


BAD_SHAPES = {
    "not-shapes": ("data.ttl", "<http://e/a> <http://e/b> <http://e/c> .\n", ["not a SHACL shapes file"]),
    "bad-parameter": ("count.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://e/S> a sh:NodeShape ;\n"
                      "  sh:targetClass <http://e/C> ; sh:property [ sh:path <http://e/p> ; sh:minCount \"one\" ] .\n",
                      ["not valid SHACL", "sh:minCount"]),
    "bad-sparql": ("query.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://e/S> a sh:NodeShape ;\n"
                   "  sh:targetClass <http://e/C> ; sh:sparql [ sh:select \"SELECT $this WHERE { $this ?p \" ] .\n",
                   ["not valid SHACL", "does not parse"]),
    "unparsable": ("broken.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://e/S> a sh:NodeShape\n",
                   [":3:1:", "cannot parse as Turtle"]),
}



def _bad_shapes(name: str, content: str) -> Callable[[Path], list[str]]:
    return lambda folder: ["validate", "--shapes", str(write_input(folder, name, content))]


RUNS.update({f"bad shapes {case}": _bad_shapes(name, content) for case, (name, content, _) in BAD_SHAPES.items()})


@pytest.mark.parametrize("case", BAD_SHAPES, ids=list(BAD_SHAPES))
def test_bad_shapes_are_refused_in_one_line(validated, case):
    name, _, fragments = BAD_SHAPES[case]
    result, folder = validated[f"bad shapes {case}"]
    assert_refused(result, str(folder / name), *fragments)


# ------------------------------------------------------------------ the guide


def _blocks(markdown: str, language: str) -> list[str]:
    parts = markdown.split("```")
    return [part[len(language) + 1:] for part in parts[1::2] if part.startswith(language + "\n")]


def test_add_a_model_guide_shows_what_the_command_prints(tmp_path):
    """The guide's project, with the whole example file as its model, prints what the guide shows."""
    guide = (ROOT / "docs" / "add-a-model.md").read_text(encoding="utf-8")
    shown = guide.split("```sh\nroto validate --project clubhouse\n```\n\n```\n", 1)[1].split("```", 1)[0]
    init = next(b for b in _blocks(guide, "sh") if b.startswith("roto init"))
    import shlex

    assert run_roto(*shlex.split(init)[1:], cwd=tmp_path).returncode == 0
    (tmp_path / "clubhouse" / "models" / "clubhouse.toml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_roto("validate", "--project", "clubhouse", cwd=tmp_path)
    assert result.returncode == 0
    assert shown == result.stdout


def test_add_a_model_guide_quotes_the_example_file():
    """Every TOML line the guide shows (but for elisions) is a line of the example file."""
    guide = (ROOT / "docs" / "add-a-model.md").read_text(encoding="utf-8")
    example = set(EXAMPLE.read_text(encoding="utf-8").splitlines())
    shown = [line for block in _blocks(guide, "toml") for line in block.splitlines()
             if line and "..." not in line and not line.startswith("# file: ")]
    assert shown and [line for line in shown if line not in example] == []


def test_the_cli_loads_pyshacl_and_rdflib_only_when_validating():
    import subprocess
    import sys

    probe = "import sys, roto.cli; roto.cli.build_parser(); print(sorted(m for m in ('rdflib', 'pyshacl') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "src")}, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stderr
