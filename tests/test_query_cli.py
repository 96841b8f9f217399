"""`roto query`, `roto sparql`, `roto models`, `roto evidence`: answers, formats, exit codes, bad input.

The commands run through the module's one child process (conftest's `roto_cli`); a fresh
interpreter only where the process is the subject: standard input, the start-up budget."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from conftest import ROOT, assert_refused, run_roto


def test_models_using_peers_and_reciprocal_are_self_help_groups_and_therapeutic_communities(roto_cli):
    result = roto_cli("models", "--relationship", "peers", "--reciprocity", "reciprocal", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [m["label"] for m in json.loads(result.stdout)] == ["Self-help groups", "Therapeutic communities"]
    table = roto_cli("models", "--relationship", "peers", "--reciprocity", "reciprocal")
    body = table.stdout.splitlines()[2:]
    assert [line.split()[0] for line in body] == ["self-help-groups", "therapeutic-communities"]


def test_models_json_shape(roto_cli):
    result = roto_cli("models", "--expertise", "unstated", "--format", "json")
    assert json.loads(result.stdout) == [
        {"id": "befriending", "label": "Befriending", "iri": "https://w3id.org/roto/model/befriending", "qualified": []},
        {"id": "creative-music-therapy", "label": "Creative music therapy",
         "iri": "https://w3id.org/roto/model/creative-music-therapy", "qualified": []}]


@pytest.mark.parametrize("args, expected", [
    # "the only arguable exception ... the therapist can be seen as the expert" (Results: Expertise, refs 35-38)
    (("--expertise", "therapist"), {"systemic-family-therapy": "therapist: arguable [35-38]; can be seen as [35-38]"}),
    # "at least some of the relevant expertise", one sentence about both models
    (("--expertise", "peers"), {"peer-support-workers": "peers (experiential expertise): partial [26, 27, 29-31]; joint claim with "
                                                            "Self-help groups",
                                "self-help-groups": "peers (experiential expertise): partial [26, 27, 29-31]; joint claim with "
                                                        "Peer support workers"}),
    # "may suggest a more reciprocal relationship than the others" (ref 26), in the one-way list of six
    (("--reciprocity", "unidirectional", "--resource", "experiential"), {
        "peer-support-workers": "Experiential knowledge: joint claim with Self-help groups | unidirectional: leans towards "
                                "reciprocity [26]; joint claim with Client-centred therapy, Creative music therapy, Positive "
                                "psychotherapy, Solution-focused therapy, Systemic family therapy",
        "positive-psychotherapy": "Experiential knowledge: may or can | unidirectional: joint claim with Client-centred "
                                  "therapy, Creative music therapy, Peer support workers, Solution-focused therapy, "
                                  "Systemic family therapy",
        "solution-focused-therapy": "unidirectional: joint claim with Client-centred therapy, Creative music therapy, Peer "
                                    "support workers, Positive psychotherapy, Systemic family therapy"}),
    # "Many self-help groups" (ref 29)
    (("--resource", "recreational"), {"befriending": "", "creative-music-therapy": "",
                                      "self-help-groups": "Recreational activities: typically, not always [29]"}),
])
def test_models_show_the_hedges_on_what_they_matched(args, expected, roto_cli):
    """`roto models` (and so kg.models()) carries the review's hedges on the statements a condition read."""
    rows = list(csv.DictReader(io.StringIO(roto_cli("models", *args, "--format", "csv").stdout)))
    assert {r["id"]: r["hedges"] for r in rows} == expected
    text = roto_cli("models", *args).stdout
    assert all(h.split(" | ")[0][:40] in text for h in expected.values())


@pytest.mark.parametrize("args, expected", [
    # Table 1: blank decision-making cells are befriending, peer support workers, positive
    # psychotherapy, self-help groups and systemic family therapy; of those, blank family cells:
    (["--not-resource", "decision", "--not-relationship", "family"], ["befriending", "peer-support-workers", "self-help-groups"]),
    (["--resource", "Recreational activities", "--relationship", "PEERS"], ["creative-music-therapy", "self-help-groups"]),
    (["--expertise", "patient", "--reciprocity", "unidirectional"],
     ["client-centred-therapy", "positive-psychotherapy", "solution-focused-therapy"]),
    (["--resource", "decision", "--resource", "experiential"], ["solution-focused-therapy", "therapeutic-communities"]),
])
def test_models_facets_combine_with_and(args, expected, roto_cli):
    result = roto_cli("models", *args, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))] == expected


def test_models_nothing_found_exits_1(roto_cli):
    result = roto_cli("models", "--not-resource", "social relationships")
    assert result.returncode == 1


@pytest.mark.parametrize("args, listed", [
    (["--resource", "diagnosis"], ["social-relationships", "decision-making", "self-actualising-tendencies"]),
    (["--relationship", "p"], ["professionals", "peers", "friends", "family"]),
    (["--expertise", "nobody"], ["patient", "peers", "everyone", "therapist", "unstated"]),
    (["--reciprocity", "mutual"], ["reciprocal", "unidirectional"]),
])
def test_models_unknown_or_ambiguous_value_lists_valid_ones(args, listed, roto_cli):
    result = roto_cli("models", *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("roto: error: ")
    valid = lines[0].split("valid values: ")[1].split(", ")
    assert set(listed) <= set(valid)


def test_evidence_json_for_one_feature(roto_cli):
    result = roto_cli("evidence", "open dialogue", "decision", "--format", "json")
    assert result.returncode == 0, result.stderr
    [statement] = json.loads(result.stdout)
    assert statement["statement"] == "open-dialogue/resource/decision-making"
    assert "Table 1" in statement["locator"] and "decision-making" in statement["locator"]
    assert [r["number"] for r in statement["references"]] == [24, 25]
    assert statement["references"][0]["authors"] == "Seikkula and Olson"


def test_evidence_keeps_nuance_and_reports_silence(roto_cli):
    psw = json.loads(roto_cli("evidence", "peer support", "reciprocity", "--format", "json").stdout)
    # Reference 26 follows the sentence hedging the one-way judgement; the judgement itself cites nothing.
    assert [(s["claim"], s["qualifier"], [r["number"] for r in s["references"]]) for s in psw] == [
        ("reciprocity: unidirectional", "leans towards reciprocity", [])]
    assert [(h["kind"], h["references"]) for h in psw[0]["hedges"]] == [("leans-reciprocal", [26])]
    assert psw[0]["joint_with"] == ["Client-centred therapy", "Creative music therapy", "Positive psychotherapy",
                                    "Solution-focused therapy", "Systemic family therapy"]
    silent = roto_cli("evidence", "befriending", "expertise")
    assert silent.returncode == 1 and silent.stdout.startswith("not stated:")  # not an empty table
    silent = roto_cli("evidence", "befriending", "expertise", "--format", "csv")
    assert silent.returncode == 1 and "no statement" in silent.stderr


def test_evidence_for_a_model_lists_blank_cells_too(roto_cli):
    rows = list(csv.DictReader(io.StringIO(roto_cli("evidence", "systemic-family-therapy", "--format", "csv").stdout)))
    claims = {r["claim"] for r in rows}
    assert "does not explicitly use Peers" in claims and "uses Family" in claims
    assert {r["locator"] for r in rows if r["claim"] == "does not explicitly use Peers"} == {"Table 2 (types of social relationships explicitly utilised)"}


def test_query_list_names_every_query_with_parameters(roto_cli):
    result = roto_cli("query", "--list")
    assert result.returncode == 0
    assert "models-by-resource" in result.stdout and "checks/statement-without-locator" in result.stdout
    assert "--param resource=" in result.stdout


def test_query_with_param_and_exit_codes(roto_cli):
    found = roto_cli("query", "models-by-relationship", "--param", "relationship=friends", "--format", "csv")
    assert found.returncode == 0
    assert [r["label"] for r in csv.DictReader(io.StringIO(found.stdout))] == ["Befriending", "Open dialogue", "Positive psychotherapy"]
    nothing = roto_cli("query", "models-not-using", "--param", "feature=social relationships")
    assert nothing.returncode == 1
    check = roto_cli("query", "checks/statement-without-locator")
    assert check.returncode == 0, "a check with no defect rows succeeds"


@pytest.mark.parametrize("args, message", [
    (["query", "no-such-query"], "unknown query 'no-such-query'"),
    (["query", "models-by-resourse"], "unknown query 'models-by-resourse' (did you mean models-by-resource?)"),
    (["evidence", "open dialogue", "decison"], "unknown resource, relationship or dimension 'decison'"),
    (["sparql", "SELECT ?m {\n  ?m a roto:ReciprocalModel }"],
     "error at 2:28: prefix roto: is not declared (add PREFIX roto: <https://w3id.org/roto/>)"),
    (["sparql", "SELECT ?m { ?m a ex:Thing }"], "prefix ex: is not declared (add PREFIX ex: <...>)"),
    (["models", "--data", "my-model.toml"], "my-model.toml: --data reads RDF, not a TOML model file"),
    (["query", "../README"], "unknown query"),
    (["query", "models-by-resource", "--param", "colour=red"], "has no parameter colour"),
    (["query", "models-by-resource", "--param", "resource"], "write NAME=VALUE"),
    (["query", "models-by-resource", "--param", "resource=zzz"], "unknown resource 'zzz'"),
    (["sparql", "SELECT * WHERE {\n  ?s ?p"], "malformed SPARQL: error at 2:"),
    (["sparql", "no-such-file.rq"], "no-such-file.rq: no such file"),
    (["sparql", "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"], "SERVICE is refused"),
    (["sparql", "ASK {}", "--data", "missing.nq"], "missing.nq: no such file"),
    (["sparql", "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }"], "INSERT is an update: the graph is read-only"),
    (["sparql", "LOAD <http://example.org/data.ttl>"], "LOAD is an update"),
])
def test_bad_input_gets_one_line_and_exit_2(args, message, roto_cli):
    result = roto_cli(*args)
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]


@pytest.mark.parametrize("text", ['SELECT * { ?s ?p "SERVICE" } # SERVICE', "SELECT ?service { ?service <http://x.org/SERVICE> ?o }"])
def test_service_inside_strings_iris_and_names_is_not_refused(text, engine):
    assert engine.query(text).variables


@pytest.mark.parametrize("args", [["table", "resources"], ["query", "models"], ["validate"]])
def test_output_under_a_file_is_one_line_and_exit_2(tmp_path, args, roto_cli):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n", encoding="utf-8")
    result = roto_cli(*args, "-o", str(a_file / "answer.txt"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"roto: error: {a_file / 'answer.txt'}: cannot write: a folder on its path is a file\n"


def test_malformed_data_file_names_line_and_column(tmp_path, roto_cli):
    bad = tmp_path / "extra.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    result = roto_cli("sparql", "ASK {}", "--data", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"roto: error: {bad}:3:")


def test_sparql_file_and_stdin(tmp_path, roto_cli):
    query = tmp_path / "q.rq"
    query.write_text("PREFIX roto: <https://w3id.org/roto/>\nSELECT (COUNT(*) AS ?n) { ?m a roto:TherapeuticModel }", encoding="utf-8")
    assert roto_cli("sparql", str(query), "--format", "csv").stdout.splitlines() == ["n", "10"]
    assert run_roto("sparql", "-", "--format", "csv", input=query.read_text()).stdout.splitlines() == ["n", "10"]
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x {", encoding="utf-8")
    assert roto_cli("sparql", str(broken)).stderr.startswith(f"roto: error: {broken}: malformed SPARQL: error at 1:")


def test_sparql_reaches_provenance_and_named_graphs(roto_cli):
    """The whole graph: axiom annotations (provenance graph) and GRAPH over named graphs."""
    text = ("PREFIX roto: <https://w3id.org/roto/> SELECT ?g (COUNT(*) AS ?n) "
            "{ GRAPH ?g { ?a roto:statementId ?id } } GROUP BY ?g")
    result = roto_cli("sparql", text, "--format", "csv")
    assert [r["g"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["https://w3id.org/roto/graph/provenance"]


FORMAT_QUERY = ('PREFIX roto: <https://w3id.org/roto/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
             'SELECT ?m ?label ?n ?x { ?m a roto:TherapeuticModel ; roto:tablePosition ?n ; rdfs:label ?label . '
             'OPTIONAL { ?m roto:nothing ?x } } ORDER BY ?n LIMIT 3')
FIRST_MODELS = ["https://w3id.org/roto/model/befriending", "https://w3id.org/roto/model/client-centred-therapy",
                "https://w3id.org/roto/model/creative-music-therapy"]


@pytest.mark.parametrize("fmt, parse_format", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                                               ("tsv", ox.QueryResultsFormat.TSV)])
def test_select_formats_are_standard_sparql_results(fmt, parse_format, roto_cli):
    """Each output parses with pyoxigraph's SPARQL results parser and carries the same terms."""
    result = roto_cli("sparql", FORMAT_QUERY, "--format", fmt)
    assert result.returncode == 0, result.stderr
    parsed = list(ox.parse_query_results(result.stdout.encode("utf-8"), format=parse_format))
    assert [s["m"].value for s in parsed] == FIRST_MODELS
    assert parsed[0]["x"] is None
    assert parsed[0]["label"] == ox.Literal("Befriending", language="en")
    assert parsed[0]["n"] == ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def test_select_csv_is_sparql_results_csv(engine, roto_cli):
    """SPARQL 1.1 CSV: a header of variable names, CRLF line ends, plain values, empty when unbound."""
    from roto.render.sparql import render

    assert render(engine.query(FORMAT_QUERY), "csv").startswith("m,label,n,x\r\n")
    result = roto_cli("sparql", FORMAT_QUERY, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1:] == [[FIRST_MODELS[0], "Befriending", "1", ""], [FIRST_MODELS[1], "Client-centred therapy", "2", ""],
                        [FIRST_MODELS[2], "Creative music therapy", "3", ""]]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_ask_formats(fmt, roto_cli):
    result = roto_cli("sparql", "ASK { ?s ?p ?o }", "--format", fmt)
    parse_format = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}.get(fmt)
    if parse_format:
        assert bool(ox.parse_query_results(result.stdout.encode(), format=parse_format)) is True
    else:
        assert result.stdout.split() == ["_askResult" if fmt == "csv" else "?_askResult", "true"]
    assert roto_cli("sparql", "ASK { ?s <http://example.org/nothing> ?o }").returncode == 1


@pytest.mark.parametrize("fmt, rdf_format", [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                                             ("jsonld", ox.RdfFormat.JSON_LD)])
def test_construct_and_describe_formats(fmt, rdf_format, roto_cli):
    describe = roto_cli("sparql", "DESCRIBE <https://w3id.org/roto/model/befriending>", "--format", fmt)
    assert describe.returncode == 0, describe.stderr
    triples = list(ox.parse(describe.stdout.encode(), format=rdf_format))
    labels = [t.object for t in triples if t.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"]
    assert labels == [ox.Literal("Befriending", language="en")]
    construct = roto_cli("sparql", "CONSTRUCT { ?m <http://example.org/uses> ?r } "
                         "WHERE { ?m <https://w3id.org/roto/usesResource> ?r }", "--format", fmt)
    assert len(list(ox.parse(construct.stdout.encode(), format=rdf_format))) == 28  # the "Yes" cells of Table 1
    wrong = roto_cli("sparql", "ASK {}", "--format", fmt)
    assert wrong.returncode == 2 and "is a table" in wrong.stderr


@pytest.mark.parametrize("value", [
    'family" } UNION { ?model ?p ?o',
    "x> } UNION { ?s ?p ?o } #",
    "{ } UNION { }",
    "} UNION {",
    "'quoted' \"twice\" <angle> {braces}",
])
def test_parameter_value_is_a_literal_and_cannot_change_the_query(value, engine, roto_cli):
    """A hostile value is bound as one literal term: the query's shape is unchanged, so it
    simply matches nothing, and the literal survives intact. Where a parameter names a
    class, the value is not a member of it; where its default is an IRI, the value is not
    a term of that kind (checked before binding): an error, exit 2."""
    from roto.queries import CannedQuery, Param, bind, get_query

    echo = CannedQuery("echo", "t", "d", "SELECT ?class WHERE { }", ROOT / "echo.rq", (Param("class", None, "d"),))
    assert engine.query(bind(echo, {"class": value})).rows == ((ox.Literal(value),),)
    answer = engine.query(bind(get_query("terms"), {"class": value}))
    assert answer.variables == ("term", "label") and len(answer) == 0
    result = roto_cli("query", "review-table", "--param", f"property={value}", "--format", "json")
    assert_refused(result, "roto:usesResource")
    named = roto_cli("query", "models-by-resource", "--param", f"resource={value}")
    assert named.returncode == 2 and "unknown resource" in named.stderr


def test_query_commands_do_not_import_rdflib(tmp_path):
    """The query path stays light: no rdflib, pyshacl or owlready2 in the process."""
    answer = tmp_path / "answer.json"
    code = (
        "import sys\n"
        "from roto.cli import main\n"
        f"for argv in (['query', 'models-by-resource', '--param', 'resource=decision'], ['query', '--list'],"
        f" ['query', 'models', '--format', 'json', '-o', {str(answer)!r}],"
        " ['sparql', 'ASK { ?s ?p ?o }'], ['models', '--relationship', 'peers'], ['evidence', 'open dialogue'],"
        " ['table', 'resources']):\n"
        "    main(argv)\n"
        "heavy = sorted(m for m in ('rdflib', 'pyshacl', 'owlready2', 'SPARQLWrapper', 'pandas') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "HEAVY []"
    assert len(json.loads(answer.read_text())["results"]["bindings"]) == 10


def test_a_query_command_loads_only_its_own_command_and_no_dataclasses():
    """The start-up budget of the answering commands (within 2x a bare pyoxigraph script,
    benchmarks/query_startup.py): the other commands' modules are not imported, nor
    `dataclasses`, `typing` or `difflib`; yet the answers, help and top-level errors are the same."""
    code = ("import sys\nfrom roto.cli import main\n"
            "code = main(['models', '--relationship', 'peers', '--format', 'csv'])\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('roto.cli.') or m in ('dataclasses', 'typing', 'difflib'))\n"
            "print('LOADED', code, loaded)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "LOADED 0 ['roto.cli.common', 'roto.cli.models']"
    assert "self-help-groups" in result.stdout
    assert "--not-relationship" in run_roto("models", "--help").stdout
    unknown = run_roto("model")
    assert unknown.returncode == 2 and "invalid choice: 'model'" in unknown.stderr and "models" in unknown.stderr


def test_data_option_queries_a_researchers_build(tmp_path, roto_cli):
    """A build with one added model: the facets see it, the review's own answers stay."""
    from roto.store import built_dataset

    added = ("<https://w3id.org/roto/model/recovery-college> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/roto/TherapeuticModel> <https://w3id.org/roto/graph/assertions> .\n"
             '<https://w3id.org/roto/model/recovery-college> <http://www.w3.org/2000/01/rdf-schema#label> "Recovery college"@en <https://w3id.org/roto/graph/assertions> .\n'
             "<https://w3id.org/roto/model/recovery-college> <https://w3id.org/roto/usesRelationship> <https://w3id.org/roto/relationship/peers> <https://w3id.org/roto/graph/assertions> .\n"
             "<https://w3id.org/roto/model/recovery-college> <https://w3id.org/roto/hasReciprocity> <https://w3id.org/roto/reciprocity/reciprocal> <https://w3id.org/roto/graph/assertions> .\n")
    extended = tmp_path / "extended.nq"
    extended.write_text(built_dataset().read_text(encoding="utf-8") + added, encoding="utf-8")
    result = roto_cli("models", "--relationship", "peers", "--reciprocity", "reciprocal", "--data", str(extended), "--format", "csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["self-help-groups", "therapeutic-communities", "recovery-college"]
    table = roto_cli("table", "relationships", "--data", str(extended), "--format", "csv")
    # The added model says nothing about three columns: "unstated", never the review's blank ("").
    # Its source: none recorded in this hand-made build (a model compiled from TOML has one).
    assert table.stdout.splitlines()[-1] == "Recovery college,unstated,Yes,unstated,unstated,,a source without a record"
    assert table.stdout.splitlines()[1] == "Befriending,,,Yes,,,the review"
    records = json.loads(roto_cli("table", "relationships", "--data", str(extended), "--format", "json").stdout)
    assert {k: v for k, v in records[-1].items() if k != "notes"} == {
        "model": "Recovery college", "Professionals": "unstated", "Peers": "Yes", "Friends": "unstated", "Family": "unstated",
        "source": None, "source_title": None, "added": True}
    assert records[0]["Professionals"] == "blank"
    for fmt in ("text", "markdown"):
        shown = roto_cli("table", "relationships", "--data", str(extended), "--format", fmt).stdout
        line = next(line for line in shown.splitlines() if "Recovery college" in line)
        assert line.count("unstated") == 3 and "unstated" not in next(x for x in shown.splitlines() if "Befriending" in x)


ANSWERING_COMMANDS = ("query", "sparql", "models", "evidence", "table")


@pytest.mark.parametrize("command", ANSWERING_COMMANDS)
def test_answering_commands_share_one_option_set(command):
    """Every command that answers from the graph takes the same engine and output options,
    with the same help text (defined once in cli/common.py)."""
    from roto.cli import build_parser

    def options(name):
        sub = next(a for a in build_parser()._actions if a.dest == "command").choices[name]
        return {a.option_strings[-1]: a.help for a in sub._actions if a.option_strings}

    mine, reference = options(command), options("query")
    for option in ("--data", "--inferred", "--endpoint", "--output"):
        assert mine.get(option) == reference[option], option
    assert "--format" in mine


@pytest.mark.parametrize("table", ["resources", "relationships"])
def test_table_with_inferred_is_the_same_table(table, roto_cli):
    """The reasoner adds class memberships, not table cells: --inferred changes no cell."""
    plain = roto_cli("table", table, "--format", "csv")
    inferred = roto_cli("table", table, "--format", "csv", "--inferred")
    assert plain.returncode == inferred.returncode == 0, inferred.stderr
    assert inferred.stdout == plain.stdout and plain.stdout.count("\n") == 11


def test_table_refuses_endpoint_with_data(roto_cli):
    result = roto_cli("table", "resources", "--endpoint", "http://127.0.0.1:1/query", "--data", "release/roto.nq")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "cannot be combined with --data" in result.stderr
