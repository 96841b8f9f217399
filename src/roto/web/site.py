"""`roto site`: the pages, every IRI's RDF documents and the release files as a static site.

The output is a folder to copy to any web server: relative links, one file per document
of every IRI `published.py` lists (model/befriending.html, .ttl, .jsonld, .rdf, .nt; a
nanopublication also .trig, .nq), the release files, a copy of them under the version's
folder (e.g. X.Y.Z/), an `.htaccess` that makes the bare IRI paths negotiate (Apache) and sends
CORS and FAIR Signposting headers, and `w3id/.htaccess`, the rules for the w3id.org
repository that send https://w3id.org/roto/... to where the site is hosted.

Rebuilding into the folder of an earlier site keeps the folders of other versions (files an
earlier build wrote under another X.Y.Z/), so each version IRI keeps serving its own files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path

from ..errors import RotoError
from ..namespaces import GRAPH, VERSION
from ..store import INFERRED_FILE
from .catalogue import Catalogue, document_stem
from .cors import ANY, cors_headers
from .descriptions import DOWNLOADS, Document, document, quads_document, serialize, void_triples
from .downloads import made_files, make
from .editor import QUERY_TEXT_TYPE, query_texts
from .formats import BY_SUFFIX, DATASET_FORMATS, DOCUMENT_FORMATS, ONTOLOGY_DOCUMENTS, RELEASE_TYPES, DocumentFormat
from .pages import Pages
from .public_url import public_url as check_public_url
from .published import Published, served_dataset
from .search import INDEX, SCRIPT, search_index, search_script
from .signposting import document_links, home_links


def _types(fmt: DocumentFormat) -> str:
    return "(" + "|".join(re.escape(t) for t in (fmt.media_type, *fmt.aliases)) + ")"


_FULL = r"(^|,)\s*{}\s*(;\s*q\s*=\s*1(\.0*)?\s*)?(,|$)"          # named at q=1
_SOME = r"(^|,)\s*{}\s*(,|$|;(?!\s*q\s*=\s*0(\.0*)?\s*(,|;|$)))"  # named at any q above 0


def negotiation(pattern: str, target, formats, whole=(), whole_target=None, exists: str | None = None) -> str:
    """mod_rewrite rules choosing among `formats` as `formats.negotiate` does (see the
    template's header for where Apache falls short), then 406.

    `target(suffix)` is the substitution for a format; the `whole` formats (a nanopublication's)
    apply only where `whole_target(suffix)` gives conditions and substitution. `exists`, a
    condition every rule also needs (that the IRI has documents), leaves any other path to 404."""
    rules: list[str] = []

    def rule(conditions: list[str], substitution: str, flags: str = "R=303,L") -> None:
        rules.extend(f"RewriteCond {c}" for c in ([exists] if exists else []) + conditions)
        rules.append(f"RewriteRule {pattern} {substitution} [{flags}]")

    for shape in (_FULL, _SOME):
        for fmt in formats:
            rule([f"%{{HTTP_ACCEPT}} {shape.format(_types(fmt))} [NC]"], target(fmt.suffix))
        for fmt in whole:
            extra, substitution = whole_target(fmt.suffix)
            rule([f"%{{HTTP_ACCEPT}} {shape.format(_types(fmt))} [NC]", *extra], substitution)
    rule([r"%{HTTP_ACCEPT} ^\s*$ [OR]", "%{HTTP_ACCEPT} " + _SOME.format(r"\*/\*")], target(formats[0].suffix))
    for main in dict.fromkeys(f.media_type.split("/")[0] for f in formats):
        first = next(f for f in formats if f.media_type.startswith(main + "/"))
        rule([f"%{{HTTP_ACCEPT}} {_SOME.format(re.escape(main) + '/' + re.escape('*'))} [NC]"], target(first.suffix))
    rule([], "-", "R=406,L")
    return "\n".join(rules) + "\n"


def htaccess(target: str = "", purpose: str = "Content negotiation for the ROTO site", site: str = "") -> str:
    """Apache rules; `target` "" for the site itself (served at `site`), the site's URL for
    the w3id.org rules."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("roto.web", "templates"), trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    version = r"^([0-9]+\.[0-9]+\.[0-9]+)/?$"
    root = "^(/.+/roto)?$" if target else "^$"  # w3id: see the template's AllowNoSlash
    ontology = (negotiation(root, lambda s: target + ONTOLOGY_DOCUMENTS[s], DOCUMENT_FORMATS)
                + negotiation(version, lambda s: f"{target}$1/{ONTOLOGY_DOCUMENTS[s]}", DOCUMENT_FORMATS,
                              exists=None if target else "%{REQUEST_FILENAME} -d"))
    iris = ""
    for pattern, stem in ((r"^([^.]*/)$", "$1index"), ("^([^.]+)$", "$1")):  # IRIs ending in / first (published.py)
        def whole(suffix: str, stem=stem) -> tuple[list[str], str]:
            if target:  # w3id cannot see which IRIs are nanopublications: the site's own rules decide
                return [], f"{target}$1"
            return [f"%{{REQUEST_FILENAME}}{stem[2:]}.{suffix} -f"], f"{stem}.{suffix}"

        iris += negotiation(pattern, lambda s, stem=stem: f"{target}{stem}.{s}", DOCUMENT_FORMATS, DATASET_FORMATS, whole,
                            exists=None if target else f"%{{REQUEST_FILENAME}}{stem[2:]}.html -f")
    from ..project import active

    project = active()  # its pages (prefix/...) cite the IRIs of its namespace
    return env.get_template("htaccess.txt").render(
        purpose=purpose, target=target, order=", ".join(f.suffix for f in DOCUMENT_FORMATS),
        types=[(f.suffix, f.media_type) for f in BY_SUFFIX.values()]
        + [(suffix, media) for suffix, media in RELEASE_TYPES.items() if suffix not in BY_SUFFIX]
        + [("rq", QUERY_TEXT_TYPE)],  # the canned queries' texts, shown (not downloaded) as on roto serve
        cors=cors_headers(ANY, preflight=True), ontology_rules=ontology, iri_rules=iris,
        document_links=_quoted(document_links(site, "%{ROTO_IRI}e", "%{ROTO_DOC}e")),
        prefix=project and project.prefix,
        project_links=project and _quoted(document_links(site, f"{project.prefix}/%{{ROTO_OWN}}e", "%{ROTO_DOC}e")),
        home_links=_quoted(home_links(site, [n for n, _ in DOWNLOADS])))


def _quoted(links: list[str]) -> str:
    """Links as one value of a Header directive."""
    return ", ".join(links).replace('"', '\\"')


def render_site(public_url: str) -> dict[str, bytes]:
    """Every file of the site by relative path."""
    return _rendered(site_plan(public_url))


def _rendered(plan: dict[str, Callable[[], bytes]]) -> dict[str, bytes]:
    """Each file of `plan` made; the store does not change meanwhile, so the local engine
    answers each question once (`engine.answers_kept`)."""
    from ..engine import answers_kept

    with answers_kept():
        return {path: render() for path, render in plan.items()}


def site_plan(public_url: str) -> dict[str, Callable[[], bytes]]:
    """Every file of the site by relative path, as the function that renders it: the paths
    are known before anything is drawn, so a folder that cannot take them is refused at once."""
    from ..store import open_store, release_dir

    store = open_store()
    dataset = served_dataset(store=store)  # what the review states; with the inferred graph
    catalogue = Catalogue(store)
    pages = Pages(catalogue, endpoint=False, dataset=dataset)
    plan: dict[str, Callable[[], bytes]] = {path: partial(_page, pages, path) for path in pages.paths()}
    made = made_files(bool(pages.figure_paths))
    plan.update({path: partial(make, store, recipe) for path, recipe in made.items() if recipe[0] != "figure"})
    plan.update(_figures(store, pages.figure_paths, made))
    plan[SCRIPT], plan[INDEX] = search_script, partial(search_index, catalogue)
    plan.update({path: partial(bytes, text) for path, text in query_texts().items()})  # "the query behind" each
    published = Published(catalogue, dataset)
    # An IRI's page and documents come one after another in the plan: its triples are read,
    # named and ordered once for all of them, and no longer held once the next IRI's are.
    triples = lru_cache(maxsize=1)(lambda stem: document(published.triples(stem)))
    quads = lru_cache(maxsize=1)(lambda stem: quads_document(published.quads(stem)))
    for stem, kind in published.kinds.items():
        path = document_stem(stem)
        if f"{path}.html" not in plan:
            plan[f"{path}.html"] = partial(_resource_page, pages, triples, stem, kind)
        for fmt in published.formats(stem):
            if fmt.rdf_format is not None:
                of = quads if fmt in DATASET_FORMATS else triples
                plan[f"{path}.{fmt.suffix}"] = partial(_written, of, stem, fmt.rdf_format)
    void = void_triples(dataset, len(catalogue.served_iris()), None)
    for fmt in DOCUMENT_FORMATS:
        if fmt.rdf_format is not None:
            plan[f"void.{fmt.suffix}"] = partial(serialize, void, fmt.rdf_format)
    release = release_dir()
    inferred = any(g.value == GRAPH["inferred"] for g in dataset.named_graphs())
    for name, _ in DOWNLOADS:
        if name != INFERRED_FILE or inferred:
            plan[name] = plan[f"{VERSION}/{name}"] = (release / name).read_bytes
    plan[".htaccess"] = partial(_encoded, htaccess, site=public_url)
    plan["w3id/.htaccess"] = partial(_encoded, htaccess, public_url, "Rules for the w3id.org repository, folder roto/")
    return plan


def _figures(store, shown: dict[str, str], made: dict[str, tuple[str, ...]]) -> dict[str, Callable[[], bytes]]:
    """Each figure file: the pages' SVGs (`shown`, `Pages.figure_paths`) and the PNG and PDF
    downloads (`made`), grouped by figure so that each is drawn once for all its formats
    (and, through `registry.entry_id`, for every model's page)."""
    wanted = {path: (name, "svg") for path, name in shown.items()}
    wanted.update({path: (recipe[1], recipe[2]) for path, recipe in made.items() if recipe[0] == "figure"})
    drawn = lru_cache(maxsize=1)(partial(_drawn, store))
    grouped = sorted(wanted.items(), key=lambda item: item[1][0])
    return {path: partial(_image, drawn, name, fmt) for path, (name, fmt) in grouped}


def _drawn(store, name: str):
    from ..figures.output import figure  # matplotlib: only when a figure is drawn

    return figure(name, store)


def _image(drawn: Callable, name: str, fmt: str) -> bytes:
    from ..figures.output import image

    return image(drawn(name), fmt)


def _encoded(render: Callable[..., str], *args, **kwargs) -> bytes:
    return render(*args, **kwargs).encode("utf-8")


def _page(pages: Pages, path: str) -> bytes:
    return pages.render(path).encode("utf-8")


def _resource_page(pages: Pages, triples: Callable[[str], Document], stem: str, kind: str) -> bytes:
    return pages.render_resource(stem, kind, triples(stem).items).encode("utf-8")


def _written(of: Callable[[str], Document], stem: str, rdf_format) -> bytes:
    return of(stem).written(rdf_format)


MANIFEST = ".roto-site"
_VERSION_FOLDER = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+/")


def _earlier_site(out: Path) -> set[str]:
    """The files an earlier `roto site` wrote into `out`, by its manifest; refuses a folder
    that is not empty and was not written by roto site."""
    if not out.is_dir() or not any(out.iterdir()):
        return set()
    if not (out / MANIFEST).is_file():
        raise RotoError(f"{out} is not empty and is not a site written by roto site: choose a new or empty folder")
    written = set((out / MANIFEST).read_text(encoding="utf-8").splitlines())
    other_versions = {p for p in written if _VERSION_FOLDER.match(p) and not p.startswith(VERSION + "/")}
    return (written - other_versions) | {MANIFEST}


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
    plan = site_plan(public_url)
    kept = _kept(out, ours, set(plan))  # refused before anything is rendered
    files = _rendered(plan)
    files[MANIFEST] = "".join(f"{name}\n" for name in sorted(files)).encode("utf-8")
    replace_folder(out, files, kept)
    return len(files) - 1
