"""`roto site`: the pages, every IRI's RDF documents and the release files as a static site.

The output is a folder to copy to any web server: relative links, one file per document
(model/befriending.html, .ttl, .jsonld, .rdf, .nt), an `.htaccess` that makes the bare IRI
paths negotiate (Apache), and `w3id/.htaccess`, the rules for the w3id.org repository
that send https://w3id.org/roto/... to where the site is hosted.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from ..assets import asset_dir
from ..errors import RotoError
from ..namespaces import VERSION
from .catalogue import Catalogue
from .descriptions import DOWNLOADS, serialize, void_triples
from .figure_files import draw
from .formats import DOCUMENT_FORMATS, RDF_FORMATS
from .pages import Pages, local

# Accept patterns for the RDF syntaxes; Apache cannot weigh q-values, so (as in the W3C
# recipes) the RDF types are tested first and HTML is the default: browsers never ask
# for Turtle or RDF/XML, while RDF clients often accept text/html at a low q.
_ACCEPT = {"ttl": r"text/turtle", "jsonld": r"application/ld\+json",
           "rdf": r"application/rdf\+xml", "nt": r"application/n-triples"}
_ONTOLOGY_FILES = {"html": "index.html", "ttl": "roto.ttl", "jsonld": "roto.jsonld", "rdf": "roto.owl", "nt": "roto.nt"}
_EXTRA_TYPES = (("owl", "application/rdf+xml"), ("nq", "application/n-quads"), ("trig", "application/trig"))


def htaccess(target: str = "", purpose: str = "Content negotiation for the ROTO site") -> str:
    """Apache rules; `target` "" for the site itself, the site's URL for the w3id.org rules."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("roto.web", "templates"), trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    order = [f.suffix for f in RDF_FORMATS]
    return env.get_template("htaccess.txt").render(
        purpose=purpose, target=target,
        types=[(f.suffix, f.media_type) for f in DOCUMENT_FORMATS] + list(_EXTRA_TYPES),
        ontology=[(_ACCEPT[s], _ONTOLOGY_FILES[s]) for s in order] + [(None, _ONTOLOGY_FILES["html"])],
        entities=[(_ACCEPT[s], s) for s in order] + [(None, "html")],
        version_pattern=re.escape(VERSION))


def render_site(public_url: str) -> dict[str, bytes]:
    """Every file of the site by relative path."""
    from ..store import open_store

    store = open_store()
    catalogue = Catalogue(store)
    pages = Pages(catalogue, endpoint=False)
    files = {path: pages.render(path).encode("utf-8") for path in pages.paths()}
    files.update({path: draw(store, name, highlight) for path, (name, highlight) in pages.figure_paths.items()})
    documents = {local(iri): catalogue.describe(iri) for iri in catalogue.served_iris()}
    documents["void"] = void_triples(store, len(documents), None)
    for stem, triples in documents.items():
        for fmt in RDF_FORMATS:
            files[f"{stem}.{fmt.suffix}"] = serialize(triples, fmt.rdf_format)
    release = asset_dir("release")
    for name, _ in DOWNLOADS:
        files[name] = (release / name).read_bytes()
    files[".htaccess"] = htaccess().encode()
    files["w3id/.htaccess"] = htaccess(public_url, "Rules for the w3id.org repository, folder roto/").encode()
    return files


def write_site(out: Path, public_url: str) -> int:
    """Render the site, then replace `out` with it in one step; returns the number of files.

    Everything is written to a sibling folder first, so a failure leaves `out` as it was.
    """
    if not re.match(r"^https?://[^\s/]+(/[^\s]*)?$", public_url):
        raise RotoError(f"--public-url {public_url!r} is not an http(s) URL")
    public_url = public_url if public_url.endswith("/") else public_url + "/"
    if out.exists() and not out.is_dir():
        raise RotoError(f"{out} exists and is not a folder")
    files = render_site(public_url)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)
