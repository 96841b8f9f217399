"""Nanopublications the network accepts: release/roto.trig holds nanopublications only, each
accepted as it stands by nanopub-py and nanopub-rs (nanopub-sign), and `roto nanopub sign`
writes trusty, signed nanopublications that nanopub-rs verifies, offline."""

import functools
import socket
import threading
from base64 import b64encode

import pytest

from conftest import ROOT, require, run_roto

# nanopub-py reads nanopublications with rdflib's ConjunctiveGraph, which rdflib 7 deprecates
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

RELEASE = ROOT / "release"
NP = "http://www.nanopub.org/nschema#"
DCT = "http://purl.org/dc/terms/"
ORCID = "https://orcid.org/0000-0002-1825-0097"  # ORCID's documented example iD


def _quads(path):
    import pyoxigraph as ox

    return list(ox.parse(path=path, format=ox.RdfFormat.TRIG))


@pytest.fixture(scope="module")
def documents():
    from roto.nanopubs import split

    return split(_quads(RELEASE / "roto.trig"))  # refuses a graph that is part of no nanopublication


def _library(name):
    try:
        return __import__(name)
    except ImportError:
        require(False, f"{name} is not installed (pip install '.[test]')")


def test_the_release_file_holds_one_nanopublication_per_statement_and_nothing_else(documents, review_content):
    from roto.build.release import nanopublication_iri

    assert sorted(documents) == sorted(nanopublication_iri(st.iri) for st in review_content.statements)
    others = _quads(RELEASE / "roto-graphs.trig")
    assert {q.graph_name.value.rsplit("/", 1)[1] for q in others} == {"ontology", "entities", "references", "mappings"}
    assert not [q for q in others if q.predicate.value.startswith(NP)]


def test_publication_info_has_a_creation_time_and_creators_as_iris(documents):
    import pyoxigraph as ox

    for iri, text in documents.items():
        info = [q for q in ox.parse(text.encode(), format=ox.RdfFormat.TRIG) if q.graph_name.value == iri + "pubinfo"]
        created = [q.object for q in info if q.predicate.value == DCT + "created" and q.subject.value == iri]
        creators = [q.object for q in info if q.predicate.value == DCT + "creator"]
        assert len(created) == 1 and created[0].datatype.value.endswith("#dateTime"), iri
        assert creators and all(isinstance(c, ox.NamedNode) for c in creators), iri


def test_nanopub_py_accepts_each_nanopublication(documents, monkeypatch):
    _library("nanopub")
    from rdflib.plugins.sparql import processor

    # nanopub-py asks rdflib the same SPARQL text twice per nanopublication, and rdflib parses
    # it anew each time (pyparsing: 70 ms, 80% of this test); parsed once, nanopub-py still
    # runs every query on every nanopublication (translation and evaluation are untouched).
    monkeypatch.setattr(processor, "parseQuery", functools.cache(processor.parseQuery))
    from nanopub import Nanopub
    from rdflib import ConjunctiveGraph

    for iri, text in documents.items():
        graph = ConjunctiveGraph()
        graph.parse(data=text, format="trig")
        np = Nanopub(rdf=graph)
        assert np.is_valid, iri
        assert str(np.metadata.np_uri) == iri


def test_nanopub_rs_accepts_each_nanopublication(documents):
    nanopub_sign = _library("nanopub_sign")
    for iri, text in documents.items():
        info = nanopub_sign.Nanopub(text).check().info()
        assert info["uri"]["value"] + "/" == iri and info["trusty_hash"] == "" and info["signature"] == ""


class Listener:
    """A loopback TCP listener standing in for every proxy: it must see no connection."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.seen = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _run(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.seen += 1
            conn.close()

    def close(self):
        self.stopped.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def key_file(tmp_path_factory):
    """A throwaway RSA key, as a PKCS#8 PEM file (what `openssl genpkey` writes)."""
    nanopub_sign = _library("nanopub_sign")
    body = nanopub_sign.KeyPair().private
    path = tmp_path_factory.mktemp("key") / "throwaway.pem"
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    path.write_text("-----BEGIN PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END PRIVATE KEY-----\n")
    return path


def test_signed_nanopublications_verify_and_nothing_is_sent(tmp_path, key_file, documents):
    nanopub_sign = _library("nanopub_sign")
    from roto.nanopubs import split

    listener = Listener()
    proxies = dict.fromkeys(("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"), listener.url)
    try:
        result = run_roto("nanopub", "sign", "--key", str(key_file), "--orcid", ORCID, "-o", str(tmp_path / "signed.trig"),
                          env={**proxies, "NO_PROXY": "", "no_proxy": ""})
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{len(documents)} nanopublications signed: {tmp_path / 'signed.trig'}\n"
    assert listener.seen == 0
    signed = split(_quads(tmp_path / "signed.trig"))
    assert len(signed) == len(documents)
    unsigned = {iri.rstrip("/").rsplit("/statement/", 1)[1] for iri in documents}
    for iri, text in signed.items():
        info = nanopub_sign.Nanopub(text).check().info()
        assert info["uri"]["value"] == iri and info["trusty_hash"].startswith("RA") and iri.endswith(info["trusty_hash"])
        assert info["orcid"] == ORCID and info["public_key"] and info["signature"]
        assert iri.rsplit("/", 1)[0].rsplit("/statement/", 1)[1] in unsigned
        assert f"<{ORCID}>" in text and "w3id.org/roto#contributors" not in text  # the signer is the creator


def test_nanopub_py_verifies_the_signatures(tmp_path, key_file):
    _library("nanopub")
    from nanopub import Nanopub
    from rdflib import ConjunctiveGraph

    from roto.nanopubs import split

    out = tmp_path / "signed.trig"
    first = next(iter(split(_quads(RELEASE / "roto.trig")).values()))
    (tmp_path / "one.trig").write_text(first, encoding="utf-8")
    result = run_roto("nanopub", "sign", "--key", str(key_file), "--orcid", ORCID, "--input", str(tmp_path / "one.trig"),
                      "-o", str(out))
    assert result.returncode == 0, result.stderr
    (text,) = split(_quads(out)).values()
    graph = ConjunctiveGraph()
    graph.parse(data=text, format="trig")
    np = Nanopub(rdf=graph)
    assert np.is_valid and np.has_valid_signature


@pytest.mark.parametrize("case", ["no-orcid", "bad-orcid", "not-a-key", "pkcs1", "garbage-base64", "missing-key", "huge",
                                  "binary", "folder"])
def test_refusals_are_one_line_and_write_nothing(tmp_path, key_file, case):
    out = tmp_path / "signed.trig"
    key, orcid = key_file, ORCID
    if case == "no-orcid":
        orcid = None
    elif case == "bad-orcid":
        orcid = "https://example.org/me"
    elif case == "not-a-key":
        key = tmp_path / "notes.txt"
        key.write_text("hello, world\n")
    elif case == "pkcs1":
        key = tmp_path / "old.pem"
        key.write_text("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n")
    elif case == "garbage-base64":
        key = tmp_path / "id_rsa"
        key.write_text(b64encode(b"not a key").decode() + "\n")
    elif case == "huge":
        key = tmp_path / "huge.pem"
        key.write_text("A" * 10_000_000)
    elif case == "binary":
        key = tmp_path / "key.der"
        key.write_bytes(bytes(range(256)))
    elif case == "folder":
        key = tmp_path
    else:
        key = tmp_path / "absent"
    args = ["nanopub", "sign", "--key", str(key), "-o", str(out), *(["--orcid", orcid] if orcid else [])]
    result = run_roto(*args, env={"ROTO_ORCID": ""})
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert result.stderr.startswith("roto: error: ") and result.stderr.count("\n") == 1
    assert not out.exists()


HALF = """@prefix np: <http://www.nanopub.org/nschema#> .
<http://e/np/Head> { <http://e/np/> a np:Nanopublication ; np:hasAssertion <http://e/np/assertion> . }
<http://e/np/assertion> { <http://e/a> <http://e/b> <http://e/c> . }
"""


@pytest.mark.parametrize("text, message", [
    ("<http://e/a> <http://e/b> <http://e/c> .\n", "a statement in the default graph belongs to no nanopublication"),
    (HALF + "<http://e/other> { <http://e/a> <http://e/b> <http://e/d> . }\n",
     "a statement in graph <http://e/other> belongs to no nanopublication"),
    (HALF, "nanopub-rs could not sign http://e/np/: Invalid Nanopub: no Provenance graph found"),
    ("", "given.trig: the file is empty"),
    ("# only a comment\n", "holds no nanopublication"),
])
def test_input_that_is_not_nanopublications_is_refused(tmp_path, key_file, text, message):
    _library("nanopub_sign")
    given = tmp_path / "given.trig"
    given.write_text(text, encoding="utf-8")
    out = tmp_path / "signed.trig"
    result = run_roto("nanopub", "sign", "--key", str(key_file), "--orcid", ORCID, "--input", str(given), "-o", str(out))
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()
