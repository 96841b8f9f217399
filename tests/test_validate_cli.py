"""`roto validate`: the review conforms, a researcher's additions are checked in every syntax,
and bad shapes get one line and exit 2 (bad data files: test_loader.py, for every command)."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from conftest import ROOT, assert_refused, run_roto, write_input

EXAMPLE = ROOT / "docs" / "examples" / "clubhouse.toml"
SECOND_LABEL = "<https://w3id.org/roto/model/befriending> <http://www.w3.org/2000/01/rdf-schema#label> \"Befriending schemes\"@en .\n"


def test_the_review_conforms_with_nothing_to_report():
    result = run_roto("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Conforms.\n"


def test_the_worked_example_conforms_with_one_note():
    result = run_roto("validate", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Conforms, with 1 note."
    assert "Clubhouse model (therapeutic model <https://w3id.org/roto/model/clubhouse>)" in lines
    assert "  from docs/examples/clubhouse.toml" in lines
    assert any(line.startswith("  note") and "Experiential knowledge" in line for line in lines)


def test_a_model_without_reciprocity_does_not_conform(tmp_path):
    broken = tmp_path / "no-reciprocity.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("[models.clubhouse.reciprocity]")
    broken.write_text(text[:start] + text[text.index("# Expertise", start):], encoding="utf-8")
    result = run_roto("validate", str(broken), "--format", "json")
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


@pytest.mark.parametrize("cell, fragments", [
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
])
def test_a_mistake_in_a_model_file_names_file_key_and_fix(tmp_path, cell, fragments):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert CELL in text
    broken = tmp_path / "mine.toml"
    broken.write_text(text.replace(CELL, "\n" + cell + "\n"), encoding="utf-8")
    assert_refused(run_roto("validate", str(broken)), str(broken), *fragments)


@pytest.mark.parametrize("old, new, fragments", [
    ("models.clubhouse", 'models."Club House"',
     ["models.Club House: an id is lowercase letters, digits and hyphens, e.g. 'club-house'"]),
    ('[source]\nid = "clubhouse-example"', '[notes]\nid = "clubhouse-example"', ["unknown table(s) notes"]),
])
def test_a_wrong_id_or_table_in_a_model_file_is_one_line(tmp_path, old, new, fragments):
    broken = tmp_path / "mine.toml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert_refused(run_roto("validate", str(broken)), str(broken), *fragments)


def test_a_model_file_without_its_own_source_is_told_to_add_one(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    broken = tmp_path / "mine.toml"
    broken.write_text(text[:text.index("[source]")] + text[text.index("[parts]"):], encoding="utf-8")
    assert_refused(run_roto("validate", str(broken)), str(broken), "reference 1 of 'review' is listed twice",
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


@pytest.mark.parametrize("name, text", [("second-label.ttl", SECOND_LABEL), ("second-label.nt", SECOND_LABEL),
                                        ("second-label.jsonld", JSONLD_SECOND_LABEL),
                                        ("second-label.rdf", RDFXML_SECOND_LABEL)],
                         ids=["turtle", "n-triples", "json-ld", "rdf-xml"])
def test_rdf_additions_are_merged_with_the_review_and_blamed_by_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_roto("validate", str(path))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Does not conform: 1 violation."
    assert lines[2].startswith("Befriending") and "therapeutic model" in lines[2]
    assert lines[3] == "  from review/models/befriending.toml"
    assert lines[4] == "  violation  label: expected at most 1 value(s), found 2"
    assert lines[6] == f"             (in {path})"


def test_turtle_format_is_a_w3c_validation_report(tmp_path):
    path = tmp_path / "second-label.ttl"
    path.write_text(SECOND_LABEL, encoding="utf-8")
    result = run_roto("validate", str(path), "--format", "turtle")
    assert result.returncode == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    [node] = report.subjects(SH.conforms, None)
    assert str(report.value(node, SH.conforms)) == "false"
    assert len(list(report.objects(node, SH.result))) == 1


def test_other_shapes_replace_rotos(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix roto: <https://w3id.org/roto/> .
<https://example.org/every-model-has-expertise> a sh:NodeShape ; sh:targetClass roto:TherapeuticModel ;
    sh:property [ sh:path roto:hasExpertiseLocus ; sh:minCount 1 ] .
""", encoding="utf-8")
    result = run_roto("validate", "--shapes", str(shapes), "--format", "json")
    assert result.returncode == 1
    focus = sorted(r["focus"].rsplit("/", 1)[1] for r in json.loads(result.stdout)["results"])
    assert focus == ["befriending", "creative-music-therapy"]


def test_output_file_is_written_whole(tmp_path):
    out = tmp_path / "report.json"
    result = run_roto("validate", "-f", "json", "-o", str(out))
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


@pytest.mark.parametrize("case", BAD_SHAPES, ids=list(BAD_SHAPES))
def test_bad_shapes_are_refused_in_one_line(tmp_path, case):
    name, content, fragments = BAD_SHAPES[case]
    path = write_input(tmp_path, name, content)
    assert_refused(run_roto("validate", "--shapes", str(path)), str(path), *fragments)


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
