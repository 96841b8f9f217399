"""CITATION.cff: valid Citation File Format (cffconvert's schema check) and in step with the
release it describes (version, release date, licences, title)."""

from conftest import ROOT, require

CFF = ROOT / "CITATION.cff"


def _cffconvert():
    try:
        from cffconvert import Citation
    except ImportError:
        require(False, "cffconvert is not installed (see .ci/run)")
    return Citation


def test_cffconvert_validates_the_citation_file():
    citation = _cffconvert()(CFF.read_text(encoding="utf-8"))
    citation.validate()  # raises on a file the CFF 1.2.0 schema refuses
    assert citation.as_apalike().startswith("ROTO contributors (")


def test_the_citation_file_describes_this_release():
    import yaml

    from roto._version import RELEASED, __version__
    from roto.citation import roto
    from roto.namespaces import BASE

    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    assert cff["version"] == __version__
    assert str(cff["date-released"]) == RELEASED[:10]
    assert cff["title"] == roto().fields["title"] and cff["url"] == BASE
    assert sorted(cff["license"]) == ["CC-BY-4.0", "MIT"]  # data and ontology; code (LICENSES/)
    assert "identifiers" not in cff and "doi" not in cff  # none registered yet (tests/test_fair_metadata.py)
