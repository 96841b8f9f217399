"""Release files: fresh, byte-identical across runs, and readable by independent parsers."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, canonical, require_executable, run_roto
from roto.build.release import RELEASE_FILES, render

RELEASE = ROOT / "release"


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    """The committed release files: what `roto build` writes (test_builds_in_fresh_processes_write_the_committed_release)."""
    return {name: (RELEASE / name).read_bytes() for name in RELEASE_FILES}


def test_the_release_files_are_named_once():
    """What `roto build` writes is what the pages offer and the server serves (roto.namespaces)."""
    from roto import namespaces
    from roto.store import DATASET_FILE, INFERRED_FILE

    assert tuple(namespaces.RELEASE_FILES) == tuple(RELEASE_FILES)
    assert DATASET_FILE in namespaces.RELEASE_FILES and INFERRED_FILE not in namespaces.RELEASE_FILES


@pytest.mark.parametrize("normalise", [True, False])
def test_the_release_does_not_depend_on_rdflibs_literal_setting(rendered, monkeypatch, normalise):
    """pySHACL and nanopub-py set rdflib.NORMALIZE_LITERALS = False on import, so a build in
    a process that validated first (a notebook) must write the same bytes as one that did not."""
    import rdflib

    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", normalise)
    assert render() == rendered


def test_builds_in_fresh_processes_write_the_committed_release(tmp_path, rendered):
    """Two `roto build`s into new folders, in processes hashing strings differently, each write
    every release file and nothing else, byte for byte the committed ones (else: run `roto
    build` and commit)."""
    for seed in ("1", "4242"):
        out = tmp_path / seed / "dist"
        result = run_roto("build", "-o", str(out), env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in out.iterdir()) == sorted(RELEASE_FILES)
        stale = [name for name in RELEASE_FILES if (out / name).read_bytes() != rendered[name]]
        assert stale == [], f"run `roto build` and commit: {stale}"


@pytest.mark.parametrize("name, syntax", [("roto.ttl", "turtle"), ("roto.owl", "rdfxml"), ("roto.nt", "ntriples")])
def test_raptor_parses(name, syntax):
    rapper = require_executable("rapper")
    result = subprocess.run([rapper, "-c", "-i", syntax, str(RELEASE / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "returned" in result.stderr and "error" not in result.stderr.lower()


def triple_count(name: str) -> int:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=RELEASE / name)
    return len(store)


def test_pyoxigraph_reads_trig_nquads_and_ntriples():
    nt = triple_count("roto.nt")
    assert nt > 2000
    assert triple_count("roto.nq") == nt  # the same triples, spread over named graphs
    assert triple_count("roto.trig") + triple_count("roto-graphs.trig") > nt  # heads, pubinfo, entities


def release_quads(name: str, *, union: bool = False):
    """The quads of a release file; `union` drops graph names, for a file that spreads one
    graph over named graphs."""
    import pyoxigraph as ox

    syntax = ox.RdfFormat.RDF_XML if name.endswith(".owl") else ox.RdfFormat.from_extension(name.rsplit(".", 1)[1])
    quads = ox.parse(path=RELEASE / name, format=syntax)
    return (ox.Quad(q.subject, q.predicate, q.object) for q in quads) if union else quads


def test_all_syntaxes_hold_the_same_graph():
    reference = canonical(release_quads("roto.ttl"))
    assert len(reference) > 2000
    for name in ("roto.owl", "roto.nt", "roto.jsonld"):
        assert canonical(release_quads(name)) == reference, name
    assert canonical(release_quads("roto.nq", union=True)) == reference  # its named graphs together


def test_pyld_expands_the_jsonld_without_remote_contexts():
    from pyld import jsonld

    document = json.loads((RELEASE / "roto.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)  # inline: nothing to fetch

    def no_network(url, options=None):
        raise AssertionError(f"tried to fetch {url}")

    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_network})
    assert len(nquads.splitlines()) == triple_count("roto.nt")


def test_trig_has_one_nanopublication_per_statement(review_content):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=RELEASE / "roto.trig")
    query = """PREFIX np: <http://www.nanopub.org/nschema#> PREFIX prov: <http://www.w3.org/ns/prov#>
      PREFIX cito: <http://purl.org/spar/cito/>
      SELECT ?np (COUNT(DISTINCT ?ref) AS ?refs) WHERE {
        GRAPH ?h { ?np a np:Nanopublication ; np:hasAssertion ?a ; np:hasProvenance ?p ; np:hasPublicationInfo ?i }
        GRAPH ?a { ?s ?pred ?o }
        GRAPH ?p { ?a prov:wasDerivedFrom <https://doi.org/10.1192/bjp.bp.113.135038> OPTIONAL { ?a cito:citesAsEvidence ?ref } }
        GRAPH ?i { ?np ?x ?y }
      } GROUP BY ?np"""
    found = {s["np"].value: int(s["refs"].value) for s in store.query(query)}
    assert len(found) == len(review_content.statements)
    od = "https://w3id.org/roto/statement/open-dialogue/resource/decision-making/"
    assert found[od] == 2


def test_build_into_a_file_or_under_one_is_one_line_and_exit_2(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n", encoding="utf-8")
    for out, message in [(a_file, f"{a_file} exists and is not a folder"),
                         (a_file / "dist", f"{a_file / 'dist'}: cannot write: a folder on its path is a file")]:
        result = run_roto("build", "-o", str(out))
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"roto: error: {message}\n"
    assert a_file.read_text(encoding="utf-8") == "mine\n"


@pytest.fixture(scope="module")
def rendered_fast():
    return render(fast=True)


FAST_SYNTAXES = {"roto.ttl": "TURTLE", "roto.owl": "RDF_XML", "roto.jsonld": "JSON_LD", "roto.trig": "TRIG",
                 "roto-graphs.trig": "TRIG"}


def test_the_fast_path_writes_the_same_rdf(rendered, rendered_fast):
    """Above FAST_ABOVE triples pyoxigraph writes Turtle, RDF/XML and JSON-LD and the TriG files
    are N-Triples lines in graph blocks: forced on the review, each file holds what rdflib's holds
    (graph names too), the rest are the same bytes."""
    import pyoxigraph as ox

    for name, syntax in FAST_SYNTAXES.items():
        fast, slow = (canonical(ox.parse(files[name], format=getattr(ox.RdfFormat, syntax)))
                      for files in (rendered_fast, rendered))
        assert len(slow) > 1000 and fast == slow, name
    assert {n: d for n, d in rendered_fast.items() if n not in FAST_SYNTAXES} == \
        {n: d for n, d in rendered.items() if n not in FAST_SYNTAXES}


def test_ntriples_are_the_sorted_quads_distinct_triples():
    """roto.nt is read off the sorted N-Quads lines: a statement in two graphs is written once,
    and a literal that holds what looks like a graph name stays whole, and so does a statement
    whose object is a graph's name."""
    from roto.build.release import _nquads_ntriples, _quad_pieces

    named = {"<http://g/b>": ['<http://s> <http://p> "x"', '<http://s> <http://p> <http://o>',
                              '<http://s> <http://p> <http://g/a>'],
             "<http://g/a>": ['<http://s> <http://p> <http://o>', '_:b <http://p> "see <http://g/a> .\\n"',
                              '_:b1 <http://p> "a"', '_:b10 <http://p> "a"', '_:b1 <http://p> "a"@en-us']}
    named["<http://g/b>"] += ['_:b1 <http://p> "a"', '_:b1 <http://p> "a"@en', '_:b1 <http://p> "a"^^<http://t>']
    pieces = _quad_pieces(named)  # what the store's loader is given, before they are sorted
    given = sorted(b"".join(pieces).splitlines(keepends=True))
    nq, nt = _nquads_ntriples(pieces)
    assert b"".join(given) == nq and pieces == []
    quads = sorted(f"{line} {graph} ." for graph, lines in named.items() for line in lines)
    assert nq.decode().splitlines() == quads
    assert nt.decode().splitlines() == [f"{line} ." for line in sorted({line for lines in named.values() for line in lines})]


def test_the_fast_paths_rdfxml_and_jsonld_read_as_before(rendered, rendered_fast):
    """rdflib reads them to the same graph; RDF/XML keeps typed node elements, the ontology's
    header first (what pronto looks for); JSON-LD keeps ROTO's context inline."""
    from rdflib import Graph

    for name, syntax in (("roto.owl", "xml"), ("roto.jsonld", "json-ld")):
        assert canonical(Graph().parse(data=rendered_fast[name], format=syntax)) == \
            canonical(Graph().parse(data=rendered[name], format=syntax)), name
    owl = rendered_fast["roto.owl"].decode("utf-8")
    assert owl.split("\n")[2].lstrip().startswith('<owl:Ontology rdf:about="https://w3id.org/roto">')
    assert '<owl:Class rdf:about="https://w3id.org/roto/TherapeuticModel">' in owl
    assert "<owl:NamedIndividual " in owl and "<owl:Axiom " in owl
    assert json.loads(rendered_fast["roto.jsonld"])["@context"] == json.loads(rendered["roto.jsonld"])["@context"]


def test_the_fast_path_is_deterministic_and_taken_above_the_threshold(rendered_fast, monkeypatch):
    """Same bytes in another process (another hash seed), and what `render` chooses by size."""
    import hashlib

    from roto.build import release

    script = ("import hashlib; from roto.build.release import render; "
              "print({n: hashlib.sha256(d).hexdigest() for n, d in sorted(render(fast=True).items())})")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": "4242"})
    assert result.stdout.strip() == str({n: hashlib.sha256(d).hexdigest() for n, d in sorted(rendered_fast.items())})
    monkeypatch.setattr(release, "FAST_ABOVE", 1000)
    assert release.render() == rendered_fast


def test_a_large_build_writes_what_render_gives_from_its_children(rendered_fast, monkeypatch, tmp_path):
    """Above FAST_ABOVE `roto build` has the forked children and a thread write the files straight
    into the new folder: the same bytes `render` answers, every release file, in its order."""
    from roto.build import release

    monkeypatch.setattr(release, "FAST_ABOVE", 1000)
    written = release.build(tmp_path / "release")
    assert [path.name for path in written] == list(RELEASE_FILES)
    assert {path.name: path.read_bytes() for path in (tmp_path / "release").iterdir()} == rendered_fast


def test_a_large_build_whose_child_fails_leaves_the_old_release(monkeypatch, tmp_path):
    """A child's error (here OWL/XML's) reaches the build, which leaves the old set and no litter."""
    from roto.build import owlxml, release
    from roto.errors import RotoError

    old = tmp_path / "release"
    old.mkdir()
    (old / "roto.nq").write_bytes(b"old\n")
    monkeypatch.setattr(release, "FAST_ABOVE", 1000)

    def fails(nt: bytes) -> bytes:
        raise RotoError("no room for OWL/XML")

    monkeypatch.setattr(owlxml, "serialize", fails)
    with pytest.raises(RotoError, match="no room for OWL/XML"):
        release.build(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
    assert [p.name for p in old.iterdir()] == ["roto.nq"] and (old / "roto.nq").read_bytes() == b"old\n"
