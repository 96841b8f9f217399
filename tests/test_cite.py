"""`roto cite`: BibTeX read by bibtexparser, CSL-JSON rendered by citeproc-py, RIS read
line by line; the references a statement cites carry only what the review gives."""

import csv
import json
from pathlib import Path

import pytest

from conftest import ROOT, assert_refused, run_roto


def references_csv() -> dict[int, str]:
    lines = [x for x in (ROOT / "review" / "references.csv").read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    return {int(r["number"]): r["authors"] for r in csv.DictReader(lines)}


def test_bibtex_of_the_review_and_roto_parses():
    bibtexparser = pytest.importorskip("bibtexparser")
    result = run_roto("cite")
    assert result.returncode == 0, result.stderr
    library = bibtexparser.parse_string(result.stdout)
    assert not library.failed_blocks
    review, software = library.entries
    assert review.entry_type == "article" and review["doi"] == "10.1192/bjp.bp.113.135038"
    assert review["journal"] == "Br J Psychiatry" and review["year"] == "2014" and review["pages"] == "256-261"
    assert review["author"].split(" and ")[0] == "Priebe, S"
    assert software.entry_type == "software" and software["version"]


def test_a_statements_references_are_as_the_review_cites_them_and_nothing_more():
    bibtexparser = pytest.importorskip("bibtexparser")
    result = run_roto("cite", "--statement", "open-dialogue/resource/decision-making")
    assert result.returncode == 0, result.stderr
    entries = bibtexparser.parse_string(result.stdout).entries
    known = references_csv()
    assert [e.key for e in entries] == ["priebe2014-ref24", "priebe2014-ref25"]
    for entry, number in zip(entries, (24, 25), strict=True):
        assert entry["author"].split(" and ") == [n.strip() for n in known[number].replace(" and ", ", ").split(",")]
        assert set(entry.fields_dict) == {"author", "note"}  # no title, year or DOI the review does not give
        assert f"Reference {number} of Priebe et al. (2014)" in entry["note"]


def test_csl_json_renders_with_citeproc_and_a_number_only_reference_has_no_author():
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    result = run_roto("cite", "--model", "befriending", "-f", "csl-json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    numbers = [int(i["id"].rsplit("ref", 1)[1]) for i in items]
    assert numbers == sorted(numbers) and {10, 11} <= set(numbers)
    assert not any("title" in i or "issued" in i or "DOI" in i for i in items)
    assert "author" not in next(i for i in items if i["id"].endswith("ref10"))  # the review cites 10 by number only
    style = next((Path(citeproc.__file__).parent / "data" / "styles").glob("*.csl"))
    bibliography = citeproc.CitationStylesBibliography(citeproc.CitationStylesStyle(str(style), validate=False),
                                                      CiteProcJSON(items), citeproc.formatter.plain)
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items) and rendered[0].startswith("Kingdon") and rendered[-1].startswith("Hallet")
    review = json.loads(run_roto("cite", "-f", "csl-json").stdout)[0]
    assert review["type"] == "article-journal" and review["issued"] == {"date-parts": [[2014]]}


def test_ris_has_one_record_per_entry():
    result = run_roto("cite", "-f", "ris", "--model", "open dialogue", "decision")
    records = [r for r in result.stdout.split("ER  - \n") if r.strip()]
    assert len(records) == 2
    for record in records:
        tags = [line[:2] for line in record.strip().splitlines()]
        assert tags[0] == "TY" and "TI" not in tags and "PY" not in tags and "AU" in tags


def test_bad_input_is_one_line():
    assert_refused(run_roto("cite", "--statement", "open-dialogue/nothing"), "open-dialogue/resource/decision-making")
    assert_refused(run_roto("cite", "--model", "no such model"), "valid values")
