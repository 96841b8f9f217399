"""A researcher's project from `roto init` to a published graph (issue 10).

One project, namespace https://example.org/hv/, two models of its own: "Home visits" (one
blank cell, the rest of its row not stated, attributed to the project's own source) and
"Crisis cafe" (a source of its own with its own numbered references). Every command shows
them, with IRIs in the project's namespace and statements in the project's named graphs;
the review's answers, asked outside the project, stay as they were.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, assert_refused, require, run_roto
from servers import oxigraph_server, roto_serve

NS = "https://example.org/hv/"
ROTO = "https://w3id.org/roto/"
HOME_VISITS = """\
[parts]
home-visits-description = "Home visits: the model"

[references]
1 = "Example A, Example B"

[models.home-visits]
label = "Home visits"
definition = "A clinician meets the patient at home, regularly, and works with what the household offers."
key-texts = { cites = "1", at = "home-visits-description" }

[models.home-visits.resources]
social-relationships = { uses = true, at = "home-visits-description" }
decision-making = { uses = false, at = "home-visits-description" }

[models.home-visits.relationships]
family = { uses = true, at = "home-visits-description", cites = "1" }

[models.home-visits.reciprocity]
value = "unidirectional"
at = "home-visits-description"
"""
CRISIS_CAFE = """\
[source]
id = "crisis-cafe-paper"
iri = "https://doi.org/10.9999/crisis-cafe"
title = "A paper on crisis cafes"

[parts]
crisis-cafe-description = "Crisis cafe paper: the model"

[references]
1 = "Author C"
2 = "Author D, Author E"

[models.crisis-cafe]
label = "Crisis cafe"
definition = "An evening drop-in where people in distress are met by peers and a few staff."
key-texts = { cites = "1, 2", at = "crisis-cafe-description" }

[models.crisis-cafe.resources]
social-relationships = { uses = true, at = "crisis-cafe-description", cites = "1" }
experiential-knowledge = { uses = true, at = "crisis-cafe-description", cites = "2" }

[models.crisis-cafe.relationships]
peers = { uses = true, at = "crisis-cafe-description", cites = "1, 2" }

[models.crisis-cafe.reciprocity]
value = "reciprocal"
at = "crisis-cafe-description"
cites = "2"
"""
LABELS = ("Home visits", "Crisis cafe")
BLANK_CELL = "statement/home-visits/resource/decision-making/"  # a negative statement's nanopublication


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("work") / "hv"
    created = run_roto("init", str(folder), "--namespace", NS, "--prefix", "hv", "--title", "Home visits study")
    assert created.returncode == 0, created.stderr
    assert (folder / "roto.toml").is_file() and (folder / "models" / "example.toml").is_file()
    (folder / "models" / "home-visits.toml").write_text(HOME_VISITS, encoding="utf-8")
    (folder / "models" / "crisis-cafe.toml").write_text(CRISIS_CAFE, encoding="utf-8")
    built = run_roto("build", cwd=folder)
    assert built.returncode == 0, built.stderr
    return folder


@pytest.fixture(scope="module")
def roto_in(project: Path, roto_runner):
    """`roto_in(*ARGS)`: `roto ARGS` run from a folder inside the project (it is found upward,
    as git finds a repository), through `roto.cli.main()` in one child process for the module
    (conftest's `roto_runner`); the project's `roto init` and `roto build` and its servers run
    in processes of their own."""
    return lambda *args: roto_runner.run(list(args), project / "models")


def test_validate_names_the_models_in_the_project_namespace(project, roto_in):
    result = roto_in("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"<{NS}model/home-visits>" in result.stdout and f"<{NS}model/crisis-cafe>" in result.stdout
    assert "from home-visits.toml" in result.stdout  # named as the working folder names it


def test_build_writes_into_the_project_only(project):
    nq = (project / "release" / "roto.nq").read_text(encoding="utf-8")
    assert f"<{NS}model/crisis-cafe>" in nq
    assert f"{NS}model" not in (ROOT / "release" / "roto.nq").read_text(encoding="utf-8")


def test_statements_live_in_the_project_graphs_attributed_to_its_sources(project, roto_in):
    def ask(query: str) -> int:
        return roto_in("sparql", "PREFIX roto: <https://w3id.org/roto/>\n" + query).returncode

    # the blank cell is a negative assertion in the project's assertions graph
    assert ask(f"""ASK {{ GRAPH <{NS}graph/assertions> {{ ?n a <http://www.w3.org/2002/07/owl#NegativePropertyAssertion> ;
        <http://www.w3.org/2002/07/owl#sourceIndividual> <{NS}model/home-visits> ;
        <http://www.w3.org/2002/07/owl#targetIndividual> roto:resource/decision-making }} }}""".replace(
        "roto:resource/decision-making", f"<{ROTO}resource/decision-making>")) == 0
    assert ask(f"ASK {{ GRAPH <{NS}graph/provenance> {{ ?a roto:statementId \"home-visits/relationship/family\" ; "
               f"roto:source <{NS}source> ; roto:citesReference <{NS}reference/hv/1> }} }}") == 0
    assert ask(f"ASK {{ GRAPH <{NS}graph/provenance> {{ ?a roto:source <https://doi.org/10.9999/crisis-cafe> ; "
               f"roto:citesReference <{NS}reference/crisis-cafe-paper/2> }} }}") == 0
    assert ask(f"ASK {{ GRAPH <{NS}graph/references> {{ <{NS}source> <http://purl.org/dc/terms/title> \"Home visits study\"@en }} }}") == 0
    # nothing of the project in the review's graphs, nothing of it attributed to the review
    assert ask(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{ROTO}graph/\") && "
               f"(STRSTARTS(STR(?s), \"{NS}\") || STRSTARTS(STR(?o), \"{NS}\"))) }}") == 1
    assert ask(f"ASK {{ <{NS}model/home-visits> roto:source <https://doi.org/10.1192/bjp.bp.113.135038> }}") == 1


def test_every_table_format_shows_both_models(project, roto_in, tmp_path):
    from roto.cli.table import TEXT_FORMATS
    from roto.render.formats import BINARY, MANUSCRIPT_FORMATS

    for fmt in (*TEXT_FORMATS, *MANUSCRIPT_FORMATS):
        out = tmp_path / f"resources.{fmt}"
        result = roto_in("table", "resources", "--format", fmt, "-o", str(out))
        assert result.returncode == 0, (fmt, result.stderr)
        if fmt in BINARY:
            with zipfile.ZipFile(out) as archive:
                shown = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))
        else:
            shown = out.read_text(encoding="utf-8")
        assert all(label in shown for label in LABELS), fmt
    rows = {r["model"]: r for r in csv.DictReader(io.StringIO(roto_in("table", "resources", "-f", "csv").stdout))}
    visits = rows["Home visits"]
    assert visits["Social relationships"] == "Yes"
    assert visits["Patient's decision-making ability"] == ""  # blank: its source says not used
    assert visits["Experiential knowledge"] == "unstated"  # its source does not say
    records = json.loads(roto_in("table", "relationships", "-f", "json").stdout)
    assert {r["model"]: r["Family"] for r in records}["Home visits"] == "Yes"


def test_models_and_evidence_show_them_with_their_references(project, roto_in):
    found = json.loads(roto_in("models", "--relationship", "peers", "-f", "json").stdout)
    assert {m["iri"] for m in found} >= {f"{NS}model/crisis-cafe"}
    assert f"{ROTO}model/self-help-groups" in {m["iri"] for m in found}
    statements = json.loads(roto_in("evidence", "crisis-cafe", "-f", "json").stdout)
    peers = next(s for s in statements if s["statement"] == "crisis-cafe/relationship/peers")
    assert [r["authors"] for r in peers["references"]] == ["Author C", "Author D, Author E"]
    assert peers["locator"] == "Crisis cafe paper: the model"


def test_python_api_opens_the_project(project):
    import roto

    kg = roto.open(project=project)
    assert [label for label, _ in kg.table("resources").rows[-2:]] == ["Crisis cafe", "Home visits"]
    from roto.additions import added_models

    added = added_models(kg.engine)
    assert {m.source for m in added.values()} == {f"{NS}source", "https://doi.org/10.9999/crisis-cafe"}
    assert len(roto.open(project=False).table("resources").rows) == 10


def test_plot_and_site_show_them(project, roto_in, tmp_path):
    pytest.importorskip("matplotlib")
    figure = tmp_path / "resources.svg"
    from roto.figures.registry import FIGURES

    name = next(iter(FIGURES))
    result = roto_in("plot", name, "-o", str(figure))
    assert result.returncode == 0, result.stderr
    assert "Crisis cafe" in figure.read_text(encoding="utf-8")
    site = tmp_path / "site"
    result = roto_in("site", "-o", str(site))
    assert result.returncode == 0, result.stderr
    assert f"<{NS}model/crisis-cafe>" in (site / "roto.nq").read_text(encoding="utf-8")
    # each added model has its page under the project's prefix, never a review model's path
    page = (site / "hv" / "model" / "home-visits.html").read_text(encoding="utf-8")
    assert "not explicitly utilised according to Home visits study" in page
    assert "according to the review" not in page and "The review does not say" not in page
    tables = (site / "tables.html").read_text(encoding="utf-8")
    assert tables.count('(added)</span>') == 4  # two models in each of two tables
    assert "hv/model/crisis-cafe.html" in tables and "None.html" not in tables
    assert (site / "hv" / "model" / "crisis-cafe.ttl").is_file()
    # its nanopublications and the node of its negative statement, under the prefix too
    assert f"<{NS}{BLANK_CELL}negation>" in (site / "hv" / BLANK_CELL / "index.trig").read_text(encoding="utf-8")
    assert f"<{NS}{BLANK_CELL}negation>" in (site / "hv" / BLANK_CELL / "negation.ttl").read_text(encoding="utf-8")
    from apache import MODULES, apache_serving
    from http_helpers import fetch

    require((shutil.which("apache2") or Path("/usr/sbin/apache2").exists()) and (MODULES / "mod_rewrite.so").exists(),
            "Apache httpd is not installed (Debian package apache2)")
    with apache_serving(site) as port:  # the site's .htaccess: negotiation and Signposting name the project's IRIs
        for path, document in (("hv/model/crisis-cafe", "hv/model/crisis-cafe.ttl"), (f"hv/{BLANK_CELL}", f"hv/{BLANK_CELL}index.ttl")):
            reply = fetch(port, "GET", "/" + path, headers={"Accept": "text/turtle"})
            assert (reply.status, urlsplit(reply.headers["Location"]).path) == (303, "/" + document)
            link = fetch(port, "GET", "/" + document).headers["Link"]
            assert f'<{NS}{path.removeprefix("hv/")}>; rel="cite-as"' in link and f'/{document}>; rel="describedby"' in link
        assert '<https://w3id.org/roto/model/befriending>; rel="cite-as"' in fetch(port, "GET", "/model/befriending.html").headers["Link"]


def test_serve_and_publish_carry_the_project(project, roto_in, tmp_path):
    query = f"SELECT ?m WHERE {{ GRAPH <{NS}graph/assertions> {{ ?m a <{ROTO}TherapeuticModel> }} }}"
    with roto_serve(tmp_path, "--project", str(project)) as server:
        url = f"http://{server.host}:{server.port}/sparql?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as reply:
            rows = json.load(reply)["results"]["bindings"]
        with urllib.request.urlopen(f"http://{server.host}:{server.port}/hv/model/crisis-cafe.html", timeout=30) as reply:
            assert "Crisis cafe" in reply.read().decode("utf-8")
        # the project's IRIs dereference under its prefix: 303 to the document, which holds what it should
        for path, accept, named in (("model/crisis-cafe", "text/turtle", "model/crisis-cafe"),
                                    (BLANK_CELL, "application/trig", BLANK_CELL + "pubinfo"),
                                    (BLANK_CELL + "negation", "text/turtle", BLANK_CELL + "negation"),
                                    (BLANK_CELL + "assertion", "application/n-triples", BLANK_CELL + "negation")):
            request = urllib.request.Request(f"http://{server.host}:{server.port}/hv/{path}", headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=30) as reply:
                assert reply.headers.get_content_type() == accept, path
                assert f"<{NS}{named}>" in reply.read().decode("utf-8"), path
    assert sorted(r["m"]["value"] for r in rows) == [f"{NS}model/crisis-cafe", f"{NS}model/home-visits"]
    require(shutil.which("oxigraph") is not None, "the oxigraph server is not installed (pip install oxigraph)")
    with oxigraph_server(tmp_path / "oxigraph") as store:
        result = roto_in("publish", "--endpoint", f"{store}/update")
        assert result.returncode == 0, result.stderr
        remote = roto_in("sparql", query, "--endpoint", f"{store}/query", "-f", "csv")
    assert remote.returncode == 0, remote.stderr
    assert sorted(remote.stdout.split()[1:]) == [f"{NS}model/crisis-cafe", f"{NS}model/home-visits"]


def test_the_review_answers_unchanged_outside_the_project(project, roto_in, tmp_path, roto_cli):
    outside = roto_cli("table", "resources", "-f", "csv", cwd=tmp_path)
    assert outside.returncode == 0 and not any(label in outside.stdout for label in LABELS)
    inside = roto_cli("table", "resources", "-f", "csv", "--project", str(project)).stdout.splitlines()
    assert outside.stdout.splitlines() == [line for line in inside if not line.startswith(LABELS)]
    assert json.loads(roto_cli("models", "--relationship", "peers", "-f", "json", cwd=tmp_path).stdout) == [
        m for m in json.loads(roto_in("models", "--relationship", "peers", "-f", "json").stdout)
        if m["iri"].startswith(ROTO)]


def test_a_stale_project_release_is_named(project, tmp_path, roto_cli):
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    import os
    import time

    # a model edited after the build, both in the past: the rebuild's release is newer than both
    built, edited = time.time() - 100, time.time() - 50
    os.utime(copy / "release" / "roto.nq", (built, built))
    os.utime(copy / "models" / "home-visits.toml", (edited, edited))
    assert_refused(roto_cli("table", "resources", cwd=copy), "older than", "run `roto build`")
    assert roto_cli("build", cwd=copy).returncode == 0
    assert roto_cli("table", "resources", cwd=copy).returncode == 0


def test_data_adds_to_the_review_and_every_file_is_kept(tmp_path, roto_cli):
    one = tmp_path / "one.ttl"
    two = tmp_path / "two.ttl"
    one.write_text(f"<{NS}a> <{NS}p> 1 .\n", encoding="utf-8")
    two.write_text(f"<{NS}b> <{NS}p> 2 .\n", encoding="utf-8")
    ask = f"ASK {{ <{NS}a> ?p ?x . <{NS}b> ?q ?y . ?m a <{ROTO}TherapeuticModel> }}"
    assert roto_cli("sparql", ask, "--data", str(one), "--data", str(two)).returncode == 0
    alone = f"ASK {{ <{NS}a> ?p ?x . <{NS}b> ?q ?y FILTER NOT EXISTS {{ ?m a <{ROTO}TherapeuticModel> }} }}"
    assert roto_cli("sparql", alone, "--data", str(one), "--data", str(two), "--replace-review").returncode == 0
    assert_refused(roto_cli("sparql", "ASK {}", "--replace-review"), "--replace-review", "--data")


@pytest.mark.parametrize("config, fragments", [
    ("title = 'x'\nnamespace = 'https://example.org/x/'\nprefix = 'x'\n[broken\n", ("roto.toml:4", "invalid TOML")),
    ("title = 'x'\nnamespace = 'not an iri'\nprefix = 'x'\n", ("namespace", "not a namespace IRI")),
    ("title = 'x'\nnamespace = 'https://example.org/x/'\nprefix = 'owl'\n", ("prefix", "ROTO already uses")),
    ("title = 'x'\nnamespace = 'https://example.org/x/'\nprefix = 'x'\ncolour = 1\n", ("unknown key", "colour")),
    ("title = 'x'\nnamespace = 'https://example.org/x/'\nprefix = 'x'\ndeep = " + "[" * 300 + "]" * 300 + "\n",
     ("roto.toml:4", "nested more than")),
    ("title = 'x'\nnamespace = 'https://w3id.org/roto/'\nprefix = 'x'\n", ("the review's namespace",)),
    ("title = 'x'\nnamespace = 'https://example.org/x/'\nprefix = 'x'\ncreators = [{ name = 'A', orcid = 'me' }]\n",
     ("orcid", "not an ORCID IRI")),
])
def test_a_bad_roto_toml_is_one_line(tmp_path, config, fragments, roto_cli):
    (tmp_path / "roto.toml").write_text(config, encoding="utf-8")
    for args in (("table", "resources"), ("build",), ("validate",)):
        assert_refused(roto_cli(*args, cwd=tmp_path), *fragments)
    assert not (tmp_path / "release").exists()


def test_init_refuses_bad_input_and_writes_nothing(tmp_path, roto_cli):
    target = tmp_path / "p"
    assert_refused(roto_cli("init", str(target), "--namespace", "example.org/p"), "--namespace", "not a namespace IRI")
    assert_refused(roto_cli("init", str(target), "--prefix", "Roto!"), "--prefix")
    assert_refused(roto_cli("init", str(target), "--prefix", "rdf"), "ROTO already uses")
    assert_refused(roto_cli("init", str(target), "--prefix", "locator"), "ROTO's own pages use that name")

    assert not target.exists()
    assert roto_cli("init", str(target)).returncode == 0
    before = (target / "roto.toml").read_bytes()
    assert_refused(roto_cli("init", str(target), "--title", "Other"), "already exists")
    assert (target / "roto.toml").read_bytes() == before
    assert_refused(roto_cli("table", "resources", "--project", str(tmp_path / "missing")), "no such folder")
    assert_refused(roto_cli("table", "resources", "--project", str(tmp_path)), "not a ROTO project", "roto init")


def test_reason_saves_the_inferred_graph_in_the_project(project, tmp_path, roto_cli):
    require(shutil.which("java") is not None, "Java is not installed (HermiT needs it)")
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    committed = (ROOT / "release" / "roto-inferred.nq").read_bytes()
    result = roto_cli("reason", "--save", cwd=copy)
    assert result.returncode == 0, result.stderr
    assert "Home visits: " in result.stdout and (copy / "release" / "roto-inferred.nq").is_file()
    found = json.loads(roto_cli("models", "--inferred", "--relationship", "family", "-f", "json", cwd=copy).stdout)
    assert f"{NS}model/home-visits" in {m["iri"] for m in found}
    assert (ROOT / "release" / "roto-inferred.nq").read_bytes() == committed


def test_a_project_without_the_review_holds_its_own_models_only(tmp_path, roto_cli):
    folder = tmp_path / "solo"
    assert roto_cli("init", str(folder), "--namespace", "https://example.org/solo/").returncode == 0
    config = folder / "roto.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("review = true", "review = false"), encoding="utf-8")
    (folder / "models" / "home-visits.toml").write_text(HOME_VISITS, encoding="utf-8")
    validated = roto_cli("validate", cwd=folder)
    assert validated.returncode == 0, validated.stdout  # not held to the review's ten models
    assert roto_cli("build", cwd=folder).returncode == 0
    rows = list(csv.DictReader(io.StringIO(roto_cli("table", "resources", "-f", "csv", cwd=folder).stdout)))
    assert [r["model"] for r in rows] == ["Home visits"]


def test_a_project_prefix_cannot_take_a_path_of_rotos_iris():
    """Every first path segment of a lowercase ROTO IRI in the release is reserved, so a
    project's pages (under PREFIX/) never share a folder with ROTO's."""
    from roto.namespaces import BASE, RESERVED_PATHS

    text = "".join((ROOT / "release" / name).read_text(encoding="utf-8") for name in ("roto.nq", "roto.trig", "roto-graphs.trig"))
    segments = set(re.findall(re.escape("<" + BASE) + r"([a-z][a-z0-9-]*)[/>]", text))
    assert segments and segments <= RESERVED_PATHS
