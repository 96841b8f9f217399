"""`roto nanopub`: ROTO's nanopublications, signed for the nanopublication network."""

from __future__ import annotations

import os
from pathlib import Path

from .common import emit


def register(subparsers) -> None:
    parser = subparsers.add_parser("nanopub", help="sign ROTO's nanopublications (nanopub-rs), offline",
                                   description="Work with the nanopublications of release/roto.trig.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    signer = actions.add_parser(
        "sign", help="sign every nanopublication with an RSA key; nothing is published",
        description="Sign each nanopublication of roto.trig (or --input) with nanopub-rs, which gives it its "
        "trusty URI, and write them all as one TriG file. Offline: nothing is sent anywhere; publish the "
        "signed nanopublications yourself (e.g. nanopub-rs's `np publish`).",
        epilog="Exit codes: 0 written; 2 bad input (no ORCID, a key nanopub-rs refuses, nanopub-sign missing).")
    signer.add_argument("--key", type=Path, required=True, metavar="FILE",
                        help="RSA private key: PKCS#8 PEM (openssl genpkey -algorithm RSA) or base64 (np setup)")
    signer.add_argument("--orcid", default=os.environ.get("ROTO_ORCID"), metavar="IRI",
                        help="the signer's ORCID iD, also the nanopublications' creator (default: $ROTO_ORCID)")
    signer.add_argument("--input", type=Path, metavar="FILE",
                        help="nanopublications in TriG or N-Quads (default: the release's roto.trig)")
    signer.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help="where to write the signed nanopublications (TriG, replaced in one step)")
    signer.set_defaults(func=run_sign)


def run_sign(args) -> int:
    from ..assets import asset_dir
    from ..errors import RotoError
    from ..loader import parse_quads
    from ..nanopubs import as_trig, credit, read_key, sign, split

    if not args.orcid:
        raise RotoError("nanopub-rs signs for an ORCID iD: give --orcid https://orcid.org/... (or set ROTO_ORCID)")
    key = read_key(args.key)
    path = args.input or asset_dir("release") / "roto.trig"
    quads = parse_quads(path)  # the loader's checks and limits, as for any file handed to ROTO
    documents = split(credit(quads, args.orcid))
    if not documents:
        raise RotoError(f"{path} holds no nanopublication")
    emit(as_trig(sign(documents, key, args.orcid)), args.output)
    print(f"{len(documents)} nanopublications signed: {args.output}")
    return 0
