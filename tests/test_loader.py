"""One reader for a researcher's files: `roto validate`, `roto reason`, `roto query --data` and
`roto.open(paths)` refuse the same bad file with the same one line and exit 2, write nothing,
fetch nothing; and they all read JSON-LD and drop owl:imports."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import assert_refused, require_executable, run_roto, write_input
from in_process import run_batch

XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY leak SYSTEM "{secret}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
  <rdf:Description rdf:about="http://e/a"><ex:b>&leak;</ex:b></rdf:Description>
</rdf:RDF>
"""

# case -> (file name, content or a function of the context server's URL, fragments of the one line)
BAD_RDF = {
    "turtle": ("bad.ttl", '@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open ;\n', [":3:", "cannot parse as Turtle"]),
    "undeclared-prefix": ("prefix.ttl", "@prefix ex: <http://e/> .\nex:a ex:b rot:c .\n",
                          [":2:11: cannot parse as Turtle: The prefix rot: has not been declared"]),
    "n-triples": ("bad.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> c .\n", [":2:27:", "N-Triples"]),
    "json-ld": ("bad.jsonld", '{"@id": "http://e/a",\n "http://e/b": "c",,\n}', [":2:20:", "not valid JSON"]),
    "rdf-xml": ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                '<rdf:Description rdf:about="http://e/a">\n</rdf:RDF>\n', [":4:3:", "not well-formed XML"]),
    "missing-file": ("missing.ttl", None, ["no such file"]),
    "wrong-extension": ("data.ttl", '{"@id": "http://e/a"}', ["looks like JSON-LD", "wrong file extension"]),
    "empty-file": ("empty.ttl", "", ["the file is empty"]),
    "binary-file": ("image.ttl", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ["a binary file"]),
    "not-utf8": ("latin1.ttl", '<http://e/a> <http://e/b> "caf\xe9" .\n'.encode("latin-1"), ["not UTF-8"]),
    "external-entity": ("xxe.rdf", lambda url: XXE, [":2:", "external entity 'leak'", "refused"]),
    "remote-context": ("remote.jsonld", lambda url: json.dumps({"@context": url, "@id": "http://e/a", "label": "x"}),
                       ["remote JSON-LD context", "refused"]),
    "remote-import": ("nested.jsonld", lambda url: json.dumps({"@context": [{"@vocab": "http://e/"}, {"@import": url}],
                                                                "@id": "http://e/a"}), ["remote JSON-LD context", "refused"]),
}


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []  # shared: the server makes a handler per request

    def do_GET(self):  # the http.server API names it
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}}')

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def context_server():
    """A server on 127.0.0.1 that records whether anything asked it for a document (nothing
    in this module may: the record is checked after each test's runs)."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/context.jsonld"
    server.shutdown()
    server.server_close()


def _commands(path, out) -> dict[str, list[str]]:
    """Every command that reads a researcher's file, each asked to write `out`."""
    return {"validate": ["validate", str(path), "-o", str(out)],
            "reason": ["reason", str(path), "-o", str(out)],
            "query --data": ["query", "models-by-resource", "--data", str(path), "-o", str(out)]}


def _api_error(path) -> str:
    import roto
    from roto.errors import RotoError

    with pytest.raises(RotoError) as refused:
        roto.open([path])
    return f"roto: error: {refused.value}"


@pytest.fixture(scope="module")
def refusals(tmp_path_factory, context_server) -> dict[str, tuple[Path, Path, dict[str, subprocess.CompletedProcess]]]:
    """Every bad file of BAD_RDF given to every command once, all through `roto.cli.main()`
    in one child process (tests/in_process.py): what is tested is the one line each gives,
    not the process. case -> (the file, the output path asked for, {command: its result})."""
    cases, runs = {}, []
    for case, (name, content, _) in BAD_RDF.items():
        folder = tmp_path_factory.mktemp(case)
        secret = write_input(folder, "secret.txt", "the secret")
        text = content(context_server).replace("{secret}", secret.as_uri()) if callable(content) else content
        path, out = write_input(folder, name, text), folder / "out.txt"
        cases[case] = (path, out, _commands(path, out))
        runs += [{"argv": args, "cwd": str(folder)} for args in cases[case][2].values()]
    answers = iter(run_batch(runs))
    return {case: (path, out, {command: subprocess.CompletedProcess(args, **next(answers)) for command, args in commands.items()})
            for case, (path, out, commands) in cases.items()}


@pytest.mark.parametrize("case", BAD_RDF, ids=list(BAD_RDF))
def test_every_command_refuses_a_bad_rdf_file_with_the_same_line(refusals, case):
    _, _, fragments = BAD_RDF[case]
    path, out, results = refusals[case]
    assert list(results) == list(_commands(path, out))
    lines = {}
    for command, result in results.items():
        lines[command] = assert_refused(result, str(path), *fragments)
        assert "the secret" not in result.stderr
        assert not out.exists(), command
    lines["roto.open"] = _api_error(path)
    assert len(set(lines.values())) == 1, lines
    assert _Recorder.requests == []


def test_each_command_refuses_a_bad_rdf_file_as_a_process_too(tmp_path, context_server):
    """The in-process runs above stand for real `roto` runs: one case, end to end."""
    name, content, fragments = BAD_RDF["remote-context"]
    path = write_input(tmp_path, name, content(context_server))
    out = tmp_path / "out.txt"
    for command, args in _commands(path, out).items():
        assert_refused(run_roto(*args), str(path), *fragments)
        assert not out.exists(), command
    assert _Recorder.requests == []


def test_a_file_of_no_known_kind_is_refused_by_every_command(tmp_path, roto_cli):
    path = write_input(tmp_path, "data.csv", "a,b\n")
    for args in _commands(path, tmp_path / "out.txt").values():
        assert_refused(roto_cli(*args), str(path), "unknown file extension '.csv'", ".ttl")
    assert "unknown file extension '.csv'" in _api_error(path)


def test_bad_toml_is_refused_alike_and_data_reads_rdf_only(tmp_path, roto_cli):
    """TOML is compiled with the review (validate, reason, roto.open); --data replaces the
    release with an RDF file, so it names the kinds it reads."""
    path = write_input(tmp_path, "bad.toml", "[models.x\nlabel = 1\n")
    commands = _commands(path, tmp_path / "out.txt")
    assert_refused(roto_cli(*commands.pop("query --data")), str(path), "--data reads RDF, not a TOML model file",
                   f"roto reason {path} --format trig")
    lines = {command: assert_refused(roto_cli(*args), str(path), "invalid TOML") for command, args in commands.items()}
    lines["roto.open"] = _api_error(path)
    assert len(set(lines.values())) == 1, lines


def _jsonld_with_import(tmp_path, url):
    return write_input(tmp_path, "note.jsonld", json.dumps({
        "@context": {"comment": "http://www.w3.org/2000/01/rdf-schema#comment",
                     "imports": {"@id": "http://www.w3.org/2002/07/owl#imports", "@type": "@id"}},
        "@id": "https://w3id.org/roto/model/open-dialogue", "comment": "a researcher's note", "imports": url}))


ASK_NOTE = 'ASK { <https://w3id.org/roto/model/open-dialogue> rdfs:comment "a researcher\'s note" }'
ASK_IMPORTS = "ASK { ?s owl:imports ?o }"


def test_jsonld_is_read_everywhere_and_owl_imports_are_dropped(tmp_path, context_server, roto_cli):
    import roto

    path = _jsonld_with_import(tmp_path, context_server)
    validated = roto_cli("validate", str(path))
    assert validated.returncode == 0 and validated.stdout == "Conforms.\n", validated.stderr
    prefixes = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
    assert roto_cli("sparql", prefixes + ASK_NOTE, "--data", str(path)).returncode == 0
    assert roto_cli("sparql", prefixes + ASK_IMPORTS, "--data", str(path)).returncode == 1
    kg = roto.open([path])
    assert kg.sparql(ASK_NOTE) is True and kg.sparql(ASK_IMPORTS) is False
    assert _Recorder.requests == []


def test_reason_reads_jsonld_and_never_follows_owl_imports(tmp_path, context_server):
    require_executable("java")
    path = _jsonld_with_import(tmp_path, context_server)
    result = run_roto("reason", str(path), "--format", "trig")
    assert result.returncode == 0, result.stderr
    assert "a researcher's note" in result.stdout and "owl:imports" not in result.stdout
    assert _Recorder.requests == []


def test_rdfxml_internal_entities_are_fine(tmp_path, roto_cli):
    """Protégé writes RDF/XML with internal entity declarations; those are not refused."""
    path = write_input(tmp_path, "internal.rdf", """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY model "https://w3id.org/roto/model/"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="&model;befriending"><skos:definition xml:lang="en">Again.</skos:definition></rdf:Description>
</rdf:RDF>
""")
    result = roto_cli("validate", str(path))
    assert result.returncode == 1 and "definition" in result.stdout
    ask = 'ASK { <https://w3id.org/roto/model/befriending> ?p "Again."@en }'
    assert roto_cli("sparql", ask, "--data", str(path)).returncode == 0
