"""The review, ROTO and the references a statement cites, for a reference manager.

Everything comes from the graph and says no more than it: the review's record (authors,
title, journal citation, DOI) as the graph holds it; ROTO as software with its version and
IRI; a cited reference only as the review identifies it, by its number and the authors it
names there, with a note saying where it is cited and that the rest is for the researcher
to complete (DESIGN.md: titles, years and DOIs the review does not give are not guessed).
Written as BibTeX, RIS or CSL-JSON (CSL 1.0.2 types `software` and `document`).

>>> [e.authors for e in cited(statement="open-dialogue/resource/decision-making")]
[('Seikkula', 'Olson'), ('Seikkula', 'Alakare', 'Aaltonen', 'Holma', 'Rasinkangas', 'Lehtinen')]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ._version import __version__
from .engine import Engine, open_engine
from .errors import RotoError
from .namespaces import BASE, REVIEW_IRI

FORMATS = ("bibtex", "ris", "csl-json")


@dataclass(frozen=True)
class Entry:
    """One record: `kind` is "article" (the review), "software" (ROTO) or "cited" (a
    reference as the review cites it); `authors` are (family, given) pairs or family names."""

    key: str
    kind: str
    authors: tuple = ()
    fields: dict = field(default_factory=dict)  # title, journal, year, volume, issue, pages, doi, version, url, note


def _people(text: str) -> tuple:
    """ "Priebe S, Omer S" → (("Priebe", "S"), ("Omer", "S")); "Seikkula and Olson" → ("Seikkula", "Olson")."""
    names = [n.strip() for n in re.split(r",\s*|\s+and\s+", text) if n.strip()]
    initials = [m for n in names if (m := re.fullmatch(r"(.+?)\s+([A-Z]{1,3})", n))]
    if names and len(initials) == len(names):
        return tuple((m[1], m[2]) for m in initials)
    return tuple(names)


def review(engine: Engine | None = None) -> Entry:
    """The review's record as the graph holds it."""
    import pyoxigraph as ox

    from .queries import run_select
    from .store import term_value

    rows = run_select(engine or open_engine(), "figure-source", {"review": ox.NamedNode(REVIEW_IRI)}).records()
    if not rows:
        raise RotoError("the graph holds no bibliographic record of the review")
    row = {k: term_value(v) for k, v in rows[0].items()}
    fields = {"title": row["title"], "url": REVIEW_IRI}
    m = re.fullmatch(r"(.+?) (\d{4});(\d+)\((\d+)\):(\d+)-(\d+)", row["citation"] or "")
    if m:
        fields.update(journal=m[1], year=m[2], volume=m[3], issue=m[4], pages=f"{m[5]}-{m[6]}")
    elif row["citation"]:
        fields["note"] = row["citation"]
    if row["identifier"]:
        fields["doi"] = row["identifier"].removeprefix("doi:")
    authors = _people(row["authors"] or "")
    first = authors[0][0] if authors and isinstance(authors[0], tuple) else "review"
    return Entry(f"{first.lower()}{fields.get('year', '')}", "article", authors, fields)


def roto() -> Entry:
    """ROTO itself, as software."""
    return Entry(f"roto{__version__.replace('.', '')}", "software", ("ROTO contributors",),
                 {"title": "ROTO: Resource-Oriented Therapy Ontology", "version": __version__, "url": BASE,
                  "note": "An OWL ontology and knowledge graph of the review by Priebe et al. (2014)"})


def cited(model: str | None = None, feature: str | None = None, statement: str | None = None,
          engine: Engine | None = None) -> list[Entry]:
    """The references a statement cites (`statement`, an id such as
    "open-dialogue/resource/decision-making"), or all statements about `model` (or only
    about `feature`), each as the review identifies it, by number."""
    from .evidence import evidence

    engine = engine or open_engine()
    source = review(engine)
    if statement is not None:
        found = [s for s in evidence(statement.split("/", 1)[0], engine=engine) if s.statement == statement]
        if not found:
            known = ", ".join(s.statement for s in evidence(statement.split("/", 1)[0], engine=engine))
            raise RotoError(f"unknown statement {statement!r}; that model's statements: {known}")
    elif model is None:
        raise RotoError("cited() needs a model or a statement")
    else:
        found = evidence(model, feature, engine)
    numbers = {r.number: r for s in found for r in s.references}
    where = {n: sorted({s.statement for s in found if any(r.number == n for r in s.references)}) for n in numbers}
    authors = source.authors[0][0] if source.authors and isinstance(source.authors[0], tuple) else "the review"
    cite = (f"{authors} et al. ({source.fields.get('year', 'n.d.')})"
            + (f", doi:{source.fields['doi']}" if "doi" in source.fields else ""))
    entries = []
    for n in sorted(numbers):
        ref = numbers[n]
        named = "by number and authors" if ref.authors else "by number only"
        entries.append(Entry(f"{source.key}-ref{n}", "cited", _people(ref.authors or ""), {
            "note": f"Reference {n} of {cite}, cited there {named} (statements: {', '.join(where[n])}); "
                    "title, year and venue are not given by the review: complete them from the review's reference list"}))
    return entries


# -- writers --------------------------------------------------------------------------------


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def _name(person, given_first: bool = False) -> str:
    if isinstance(person, tuple):
        return f"{person[1]} {person[0]}" if given_first else f"{person[0]}, {person[1]}"
    return person


def bibtex(entries: list[Entry]) -> str:
    kinds = {"article": "article", "software": "software", "cited": "misc"}
    out = []
    for e in entries:
        lines = []
        if e.authors:
            names = " and ".join("{" + _bib_escape(p) + "}" if e.kind == "software" else _bib_escape(_name(p))
                                 for p in e.authors)
            lines.append(("author", names))
        lines += [("number" if k == "issue" else k, v) for k, v in e.fields.items() if k != "url" or e.kind == "software"]
        if e.kind == "article" and "url" in e.fields and "doi" not in e.fields:
            lines.append(("url", e.fields["url"]))
        body = ",\n".join(f"  {k} = {{{v if k in ('author', 'url', 'doi') else _bib_escape(v)}}}" for k, v in lines)
        out.append(f"@{kinds[e.kind]}{{{e.key},\n{body}\n}}\n")
    return "\n".join(out)


RIS_TAGS = {"title": "TI", "journal": "T2", "year": "PY", "volume": "VL", "issue": "IS", "doi": "DO", "url": "UR",
            "note": "N1", "version": "ET"}


def ris(entries: list[Entry]) -> str:
    kinds = {"article": "JOUR", "software": "COMP", "cited": "GEN"}
    out = []
    for e in entries:
        lines = [("TY", kinds[e.kind]), ("ID", e.key), *(("AU", _name(p)) for p in e.authors)]
        for k, v in e.fields.items():
            if k == "pages":
                first, _, last = v.partition("-")
                lines += [("SP", first), ("EP", last)] if last else [("SP", first)]
            else:
                lines.append((RIS_TAGS[k], v))
        out.append("".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n")
    return "\n".join(out)


def csl_json(entries: list[Entry]) -> str:
    kinds = {"article": "article-journal", "software": "software", "cited": "document"}
    keys = {"title": "title", "journal": "container-title", "volume": "volume", "issue": "issue", "pages": "page",
            "doi": "DOI", "url": "URL", "note": "note", "version": "version"}
    items = []
    for e in entries:
        item: dict[str, object] = {"id": e.key, "type": kinds[e.kind]}
        if e.authors:
            item["author"] = [{"family": p[0], "given": p[1]} if isinstance(p, tuple)
                              else ({"literal": p} if e.kind == "software" else {"family": p}) for p in e.authors]
        for k, v in e.fields.items():
            if k == "year":
                item["issued"] = {"date-parts": [[int(v)]]}
            else:
                item[keys[k]] = v
        items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


WRITE = {"bibtex": bibtex, "ris": ris, "csl-json": csl_json}
