"""The compiled SHACL engine on pyoxigraph (roto.check.compiled, roto.check.engine) gives
pySHACL's results, field by field, on every shape fixture, on the review and on generated
models with defects planted; shapes it does not implement go to pySHACL, or are refused
in one line when it is asked for by name. pySHACL stays the reference.

pySHACL runs once per data and shapes graph in this module (`pyshacl_once`): where a test
compares a report with pySHACL's on the very triples another run already gave pySHACL (the
fallback's run, the unchanged review of the fixtures, the command's run on the generated
models, the notebook's on the worked example), the reference is that run's, each report
still described with its own origins. So that a command or the notebook hands pySHACL the
same shapes graph, a shapes file is read once here (`load_shapes`), and the commands whose
output the engines must share run through `roto.cli.main()` in this process (`_roto`); the
refusal stays a process of its own."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import astuple

import pytest

from conftest import ROOT, assert_refused, run_roto, synthetic, write_input
from shape_fixtures import Fixture, all_fixtures, base_data, fixture_graph, shapes

FIXTURES = all_fixtures()


@pytest.fixture(scope="module", autouse=True)
def pyshacl_once():
    """`roto.check.shacl._pyshacl` answered from this module's earlier run on the same triples
    (blank-node labels included) and the same shapes graph: its report graph and the copy it
    validated are only read afterwards (`_described`). `roto.check.load_shapes` gives the
    graph it gave before for the same arguments (and the same file), as ROTO's shapes the
    fixtures' `shapes()`: a shapes graph is never changed once read."""
    import roto.check
    from roto.check import shacl

    run, ran = shacl._pyshacl, {}

    def once(data, shape_graph, shapes_name):
        key = (frozenset(data), id(shape_graph), shapes_name)
        if key not in ran:
            ran[key] = shape_graph, run(data, shape_graph, shapes_name)  # the graph kept: its id stays its own
        return ran[key][1]

    load, read = roto.check.load_shapes, {}
    ours = {with_review: shapes(with_review) for with_review in (True, False)}  # read before the patch

    def load_once(path=None, with_review=True):
        if path is None:
            return ours[with_review]
        key = (str(path), with_review, path.read_bytes())
        if key not in read:
            read[key] = load(path, with_review=with_review)
        return read[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shacl, "_pyshacl", once)
        patch.setattr(roto.check, "load_shapes", load_once)
        yield


def _roto(argv: list[str], capfd) -> subprocess.CompletedProcess:
    """`roto ARGV` run by `roto.cli.main()` in this process, from the checkout: its exit code
    and what it wrote to file descriptors 1 and 2, every warning among it (as a process
    prints them, not kept by pytest)."""
    import warnings

    from roto.cli import main

    def printed(message, category, filename, lineno, file=None, line=None):
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    capfd.readouterr()
    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = printed
        patch.chdir(ROOT)
        code = main(argv)
    out, err = capfd.readouterr()
    return subprocess.CompletedProcess(["roto", *argv], code, out, err)


def _results(report) -> list[tuple]:
    return sorted(astuple(r) for r in report.results)


def _same_as_pyshacl(data, shape_graph, origins=None, pyshacl_data=None):
    from roto.check import validate

    fast = validate(data, shape_graph, origins, engine="oxigraph")
    reference = validate(pyshacl_data if pyshacl_data is not None else data, shape_graph, origins, engine="pyshacl")
    assert fast.fallback is None
    assert (fast.conforms, _results(fast)) == (reference.conforms, _results(reference))
    return fast


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.id for f in FIXTURES])
def test_every_fixture_gives_pyshacls_results(fixture: Fixture):
    report = _same_as_pyshacl(fixture_graph(fixture), shapes(fixture.on_review))
    assert report.conforms == fixture.valid


def test_the_review_and_the_worked_example_give_pyshacls_results():
    """The data as the CLI holds it for each engine: pyoxigraph's store, rdflib's graph (the
    review's: `load_data()` as the fixtures read it, pySHACL's run on it theirs)."""
    from roto.check import load_data, load_store

    for files in ([], [ROOT / "docs" / "examples" / "clubhouse.toml"]):
        held, origins = load_store(files)
        graph = load_data(files)[0] if files else base_data(True)
        _same_as_pyshacl(held, shapes(True), origins, pyshacl_data=graph)


# Defects planted in generated models, each breaking a different kind of constraint.
DEFECTS = """@prefix roto: <https://w3id.org/roto/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix model: <https://w3id.org/roto/model/> .
@prefix reference: <https://w3id.org/roto/reference/synthetic-000002-source/> .
model:synthetic-000001 rdfs:label "" ; roto:hasExpertiseLocus "patient" .
reference:2 roto:referenceNumber "1"^^xsd:positiveInteger .
reference:4 roto:authorsAsCited "Author 2-4"@en .
<https://w3id.org/roto/resource/decision-making> roto:tablePosition 0 .
"""
# A blank node: its label is fresh at every parse, so each engine must see the same parse.
NEGATION = """@prefix roto: <https://w3id.org/roto/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix model: <https://w3id.org/roto/model/> .
[] a owl:NegativePropertyAssertion ; owl:sourceIndividual model:synthetic-000003 ;
   owl:assertionProperty roto:usesRelationship ; owl:targetIndividual <https://w3id.org/roto/resource/decision-making> ;
   roto:statementId "synthetic-000003/resource/decision-making" .
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    generator = synthetic()
    folder = tmp_path_factory.mktemp("generated")
    paths = generator.generate(4, folder / "models", seed=3)
    reciprocity = paths[3].read_text(encoding="utf-8").split("\n\n")
    paths[3].write_text("\n\n".join(b for b in reciprocity if ".reciprocity]" not in b), encoding="utf-8")
    return [*paths, write_input(folder, "defects.ttl", DEFECTS)], write_input(folder, "negation.ttl", NEGATION)


def test_generated_models_with_defects_give_pyshacls_results(generated):
    """As the CLI holds the data for each engine, and (for the blank node) the same parse."""
    from roto.check import load_data, load_store

    files, negation = generated
    held, origins = load_store(files)
    report = _same_as_pyshacl(held, shapes(True), origins, pyshacl_data=load_data(files)[0])
    held, origins = load_store([*files, negation])
    report = _same_as_pyshacl(held, shapes(True), origins, pyshacl_data=held.graph())
    components = {r.component for r in report.results if r.severity == "Violation"}
    assert {"MinCount", "MaxCount", "MinLength", "Class", "Datatype", "MinInclusive", "Or", "SPARQL"} <= \
        {c.removesuffix("ConstraintComponent") for c in components}
    assert {r.file for r in report.results} >= {str(files[-1]), str(files[3])}


def test_one_value_to_pyoxigraph_two_to_rdflib_goes_to_pyshacl(generated, tmp_path):
    """"3"^^xsd:integer beside "3"^^xsd:positiveInteger is two values to pySHACL, one to
    pyoxigraph: that data is validated by pySHACL, with a note."""
    from roto.check import load_store, validate

    files, _ = generated
    both = write_input(tmp_path, "both.ttl", '<https://w3id.org/roto/reference/synthetic-000002-source/3> '
                       '<https://w3id.org/roto/referenceNumber> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    held, origins = load_store([*files, both])
    report = validate(held, shapes(True), origins)
    assert report.fallback is not None and "positiveInteger" in report.fallback
    reference = validate(held.graph(), shapes(True), origins, engine="pyshacl")
    assert (report.conforms, report.results) == (reference.conforms, reference.results)
    assert any(r.component == "MaxCountConstraintComponent" and r.focus.endswith("source/3") for r in report.results)


def test_the_cli_engines_print_the_same_report(generated, capfd):
    files, _ = generated
    reports = [_roto(["validate", *map(str, files), "--engine", engine, "--format", "json"], capfd)
               for engine in ("auto", "pyshacl")]
    assert [r.returncode for r in reports] == [1, 1]
    assert reports[0].stdout == reports[1].stdout and reports[0].stderr == reports[1].stderr
    assert '"component": "DatatypeConstraintComponent"' in reports[0].stdout


PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix roto: <https://w3id.org/roto/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
UNIMPLEMENTED = {
    "shape feature sh:closed": """<https://example.org/closed-qualifier> a sh:NodeShape ;
        sh:targetClass roto:Qualifier ; sh:closed true ; sh:message "Says only what a qualifier says." .""",
    # Python's re reads a lookahead; pyoxigraph's regular expressions would match nothing.
    "an sh:pattern with a lookaround": """<https://example.org/no-open-label> a sh:NodeShape ;
        sh:targetClass roto:TherapeuticModel ;
        sh:property [ sh:path rdfs:label ; sh:pattern "^(?!Open)" ; sh:message "Not open." ] .""",
}


@pytest.mark.parametrize("feature", UNIMPLEMENTED)
def test_shapes_the_engine_does_not_implement_run_on_pyshacl_or_are_refused(tmp_path, feature, capfd):
    """What each engine answers (in this process); the refusal as a process."""
    shapes_file = write_input(tmp_path, "mine.ttl", PREFIXES + UNIMPLEMENTED[feature])
    auto = _roto(["validate", "--shapes", str(shapes_file), "--format", "json"], capfd)
    reference = _roto(["validate", "--shapes", str(shapes_file), "--engine", "pyshacl", "--format", "json"], capfd)
    assert (auto.returncode, auto.stdout) == (reference.returncode, reference.stdout)
    note = f"roto: note: the oxigraph engine does not implement {shapes_file} using {feature}"
    assert auto.stderr.startswith(note) and auto.stderr.count("\n") == reference.stderr.count("\n") + 1
    assert_refused(run_roto("validate", "--shapes", str(shapes_file), "--engine", "oxigraph"), feature)


def test_the_notebook_validates_with_either_engine():
    import roto
    from roto.errors import RotoError

    kg = roto.open([ROOT / "docs" / "examples" / "clubhouse.toml"])
    fast, reference = kg.validate(), kg.validate(engine="pyshacl")
    assert fast.conforms and (fast.conforms, list(fast)) == (reference.conforms, list(reference))
    assert [r.severity for r in fast] == ["Info"]
    with pytest.raises(RotoError, match="unknown SHACL engine"):
        kg.validate(engine="fast")
