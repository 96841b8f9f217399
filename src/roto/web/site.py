"""`roto site`: the pages, every IRI's RDF documents and the release files as a static site.

The output is a folder to copy to any web server: relative links, one file per document
(model/befriending.html, .ttl, .jsonld, .rdf, .nt), an `.htaccess` that makes the bare IRI
paths negotiate (Apache), and `w3id/.htaccess`, the rules for the w3id.org repository
that send https://w3id.org/roto/... to where the site is hosted.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import RotoError
from ..namespaces import VERSION
from .catalogue import Catalogue
from .descriptions import DOWNLOADS, serialize, void_triples
from .downloads import made_files, make
from .editor import QUERY_TEXT_TYPE, query_texts
from .formats import BY_SUFFIX, DOCUMENT_FORMATS, ONTOLOGY_DOCUMENTS, RDF_FORMATS, RELEASE_TYPES
from .pages import Pages, local
from .public_url import public_url as check_public_url
from .search import INDEX, SCRIPT, search_index, search_script

# Accept patterns for the RDF syntaxes; Apache cannot weigh q-values, so (as in the W3C
# recipes) the RDF types are tested first and HTML is the default: browsers never ask
# for Turtle or RDF/XML, while RDF clients often accept text/html at a low q.
_ACCEPT = {"ttl": r"text/turtle", "jsonld": r"application/ld\+json",
           "rdf": r"application/rdf\+xml", "nt": r"application/n-triples"}


def htaccess(target: str = "", purpose: str = "Content negotiation for the ROTO site") -> str:
    """Apache rules; `target` "" for the site itself, the site's URL for the w3id.org rules."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("roto.web", "templates"), trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    order = [f.suffix for f in RDF_FORMATS]
    return env.get_template("htaccess.txt").render(
        purpose=purpose, target=target,
        types=[(f.suffix, f.media_type) for f in DOCUMENT_FORMATS]
        + [(suffix, media) for suffix, media in RELEASE_TYPES.items() if suffix not in BY_SUFFIX]
        + [("rq", QUERY_TEXT_TYPE)],  # the canned queries' texts, shown (not downloaded) as on roto serve
        ontology=[(_ACCEPT[s], ONTOLOGY_DOCUMENTS[s]) for s in order] + [(None, ONTOLOGY_DOCUMENTS["html"])],
        entities=[(_ACCEPT[s], s) for s in order] + [(None, "html")],
        version_pattern=re.escape(VERSION))


def render_site(public_url: str) -> dict[str, bytes]:
    """Every file of the site by relative path."""
    from ..store import open_store, release_dir

    store = open_store()
    catalogue = Catalogue(store)
    pages = Pages(catalogue, endpoint=False)
    files = {path: pages.render(path).encode("utf-8") for path in pages.paths()}
    files.update({path: pages.figure(path) for path in pages.figure_paths})
    files.update({path: make(store, recipe) for path, recipe in made_files(bool(pages.figure_paths)).items()})
    files[SCRIPT], files[INDEX] = search_script(), search_index(catalogue)
    files.update(query_texts())  # queries/NAME.rq: "the query behind" each table and figure
    documents = {name: catalogue.describe(iri) for iri in catalogue.served_iris() if (name := local(iri))}
    documents["void"] = void_triples(store, len(documents), None)
    for stem, triples in documents.items():
        for fmt in RDF_FORMATS:
            if fmt.rdf_format is not None:  # always, in RDF_FORMATS
                files[f"{stem}.{fmt.suffix}"] = serialize(triples, fmt.rdf_format)
    release = release_dir()
    for name, _ in DOWNLOADS:
        files[name] = (release / name).read_bytes()
    files[".htaccess"] = htaccess().encode()
    files["w3id/.htaccess"] = htaccess(public_url, "Rules for the w3id.org repository, folder roto/").encode()
    return files


MANIFEST = ".roto-site"


def _earlier_site(out: Path) -> set[str]:
    """The files an earlier `roto site` wrote into `out`, by its manifest; refuses a folder
    that is not empty and was not written by roto site."""
    if not out.is_dir() or not any(out.iterdir()):
        return set()
    if not (out / MANIFEST).is_file():
        raise RotoError(f"{out} is not empty and is not a site written by roto site: choose a new or empty folder")
    return set((out / MANIFEST).read_text(encoding="utf-8").splitlines()) | {MANIFEST}


def _kept(out: Path, ours: set[str], new: set[str]) -> list[str]:
    """What `out` holds that roto site did not write (kept in the new site); refuses a kept
    file the new site would overwrite."""
    kept: list[str] = []
    if not ours:
        return kept
    for folder, dirs, names in os.walk(out):
        base = Path(folder).relative_to(out)
        links = [d for d in dirs if (Path(folder) / d).is_symlink()]
        for name in [*names, *links]:
            path = (base / name).as_posix()
            if path in ours:
                continue
            if path in new:
                raise RotoError(f"{out / path} was not written by roto site and the new site has a file there: "
                                "move it away first")
            kept.append(path)
        kept += [(base / d).as_posix() for d in dirs if d not in links and not any((Path(folder) / d).iterdir())]
    return kept


def write_site(out: Path, public_url: str) -> int:
    """Render the site, then replace `out` with it in one step; returns the number of files.

    Files in `out` that an earlier `roto site` did not write (listed in its MANIFEST) are
    kept; a non-empty folder that is not an earlier site is refused.
    """
    from ..file_set import check_replaceable, replace_folder

    public_url = check_public_url(public_url)
    check_replaceable(out)
    ours = _earlier_site(out)
    files = render_site(public_url)
    kept = _kept(out, ours, set(files))
    files[MANIFEST] = "".join(f"{name}\n" for name in sorted(files)).encode("utf-8")
    replace_folder(out, files, kept)
    return len(files) - 1
