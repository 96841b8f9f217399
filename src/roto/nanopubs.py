"""ROTO's nanopublications one at a time, and signed with nanopub-rs (`nanopub-sign`).

`release/roto.trig` holds the 152 nanopublications, unsigned: nanopub libraries read one
nanopublication per document, so `split` cuts the file (or any TriG of nanopublications)
into one TriG text each. `sign` hands each to nanopub-rs, which adds the signature and
replaces `NP/` with its trusty URI `NP/RA...` (so IRIs minted under `NP/`, the graphs and
the hedges, move with it). Signing is offline: nothing is published.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path

from .errors import RotoError
from .namespaces import CONTRIBUTORS_IRI
from .optional import _load

NP = "http://www.nanopub.org/nschema#"
CREATOR = "http://purl.org/dc/terms/creator"
MAX_KEY = 64 * 1024
ORCID = re.compile(r"https://orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


def split(quads) -> dict[str, str]:
    """One TriG document per nanopublication (keyed by its IRI), from pyoxigraph quads;
    RotoError for a statement that belongs to no nanopublication."""
    import pyoxigraph as ox

    quads = list(quads)
    graph = {id(q): q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None for q in quads}
    heads = {graph[id(q)]: q.subject.value for q in quads if q.predicate.value == NP + "hasAssertion" and graph[id(q)]}
    owner = {q.object.value: heads[graph[id(q)]] for q in quads
             if graph[id(q)] in heads and q.predicate.value.startswith(NP + "has")}
    owner.update(heads)
    parts: dict[str, list] = {np: [] for np in heads.values()}
    for q in quads:
        np = owner.get(graph[id(q)] or "")
        if np is None:
            where = f"graph <{graph[id(q)]}>" if graph[id(q)] else "the default graph"
            raise RotoError(f"a statement in {where} belongs to no nanopublication: {q.subject} {q.predicate} {q.object}"[:300])
        parts[np].append(q)
    return {np: (ox.serialize(part, format=ox.RdfFormat.TRIG, prefixes={"np": NP, "this": np}) or b"").decode("utf-8")
            for np, part in sorted(parts.items())}


def credit(quads, orcid: str) -> list:
    """The quads with ROTO's contributors IRI as creator replaced by the signer's ORCID iD."""
    import pyoxigraph as ox

    return [ox.Quad(q.subject, q.predicate, ox.NamedNode(orcid), q.graph_name)
            if q.predicate.value == CREATOR and q.object.value == CONTRIBUTORS_IRI else q for q in quads]


def read_key(path: Path) -> str:
    """The base64 PKCS#8 body nanopub-rs wants, from a PEM file (`BEGIN PRIVATE KEY`, as
    `openssl genpkey` writes) or a bare base64 file (as `np setup` writes ~/.nanopub/id_rsa)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY + 1)  # an RSA key is a few kB: never read a large file whole
        if len(data) > MAX_KEY:
            raise RotoError(f"{path}: over {MAX_KEY // 1024} kB, not an RSA private key")
        text = data.decode("ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise RotoError(f"{path}: cannot read the key: {getattr(exc, 'strerror', None) or 'not ASCII text'}") from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0].startswith("-----BEGIN"):
        if lines[0] != "-----BEGIN PRIVATE KEY-----":
            raise RotoError(f"{path}: {lines[0].strip('-')} is not a PKCS#8 RSA key; convert it with "
                            "`openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem`")
        lines = [line for line in lines if not line.startswith("-----")]
    body = "".join(lines)
    if not body or not re.fullmatch(r"[A-Za-z0-9+/]+=*", body):
        raise RotoError(f"{path}: not an RSA private key (PEM or base64)")
    return body


def sign(documents: dict[str, str], key: str, orcid: str, name: str = "ROTO contributors") -> dict[str, str]:
    """Each nanopublication signed by nanopub-rs with `key`, checked again, by trusty URI."""
    if not ORCID.fullmatch(orcid):
        raise RotoError(f"{orcid!r} is not an ORCID iD (https://orcid.org/0000-0000-0000-0000): "
                        "nanopub-rs signs for an ORCID")
    nanopub_sign = _load("nanopub_sign", "nanopub_sign", "nanopub", "signing nanopublications", "nanopub-sign")
    try:
        profile = nanopub_sign.NpProfile(private_key=key, orcid_id=orcid, name=name, introduction_nanopub_uri="")
    except Exception as exc:  # the binding raises plain Exception with nanopub-rs's message
        raise RotoError(f"nanopub-rs refused the key: {' '.join(str(exc).split())}") from None
    signed = {}
    with _quiet_stdout():
        for iri, document in documents.items():
            try:
                np = nanopub_sign.Nanopub(document).sign(profile=profile)
                nanopub_sign.Nanopub(np.rdf()).check()
            except Exception as exc:
                raise RotoError(f"nanopub-rs could not sign {iri}: {' '.join(str(exc).split())}") from None
            signed[np.info()["uri"]["value"]] = np.rdf()
    return signed


@contextlib.contextmanager
def _quiet_stdout():
    """nanopub-rs prints a line per nanopublication checked on file descriptor 1; our
    standard output is for what the user asked for, so it goes to /dev/null meanwhile."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def as_trig(documents: dict[str, str]) -> bytes:
    """Several nanopublications as one TriG file (each keeps its own graphs)."""
    import pyoxigraph as ox

    quads = [q for text in documents.values() for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG)]
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes={"np": NP}) or b""


__all__ = ["as_trig", "credit", "read_key", "sign", "split"]
