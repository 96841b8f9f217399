"""The ontology header holds what FOOPS!'s metadata checks look for, truthfully.

FOOPS! (https://w3id.org/foops, source: github.com/oeg-upm/fair_ontologies) reads these
checks from the ontology document alone; each test below re-runs one of them offline over
the header of the published release/roto.ttl, with the properties FOOPS! accepts for each
metadata name (fair.Constants and entities.Ontology in its source). The checks that need
the network (URI1, CN1, VER2, FIND2/3, OM4.2) are the dereferencing tests' business.
"""

import re
import subprocess
from datetime import datetime

import pytest

from conftest import ROOT, require

DCT, DC, SCHEMA = "http://purl.org/dc/terms/", "http://purl.org/dc/elements/1.1/", "https://schema.org/"
OWL, RDFS, VANN = "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#", "http://purl.org/vocab/vann/"
BIBO, PROV, PAV, FOAF = "http://purl.org/ontology/bibo/", "http://www.w3.org/ns/prov#", "http://purl.org/pav/", "http://xmlns.com/foaf/0.1/"

# FOOPS!'s metadata names and the properties it takes as each (a subset of entities.Ontology).
ACCEPTED = {
    "title": (DCT + "title", DC + "title", SCHEMA + "name"),
    "description": (DCT + "description", DC + "description", DCT + "abstract", RDFS + "comment", SCHEMA + "description"),
    "license": (DCT + "license", SCHEMA + "license", "http://creativecommons.org/ns#license"),
    "version iri": (OWL + "versionIRI",),
    "author": (DCT + "creator", DC + "creator", SCHEMA + "creator", PAV + "createdBy", PAV + "authoredBy",
               PROV + "wasAttributedTo", FOAF + "maker"),
    "namespace URI": (VANN + "preferredNamespaceUri",),
    "namespace prefix": (VANN + "preferredNamespacePrefix",),
    "version info": (OWL + "versionInfo", SCHEMA + "schemaVersion"),
    "creation date": (DCT + "created", SCHEMA + "dateCreated", PROV + "generatedAtTime", PAV + "createdOn"),
    "citation": (DCT + "bibliographicCitation", SCHEMA + "citation"),
    "doi": (BIBO + "doi",),
    "publisher": (DCT + "publisher", DC + "publisher", SCHEMA + "publisher"),
    "logo": (FOAF + "logo", SCHEMA + "logo"),
    "status": (BIBO + "status",),
    "source": (DCT + "source", DC + "source", PROV + "hadOriginalSource"),
    "issued": (DCT + "issued", SCHEMA + "datePublished"),
}
# fair.Constants: the metadata each check requires.
OM1 = ("title", "description", "license", "version iri", "author", "namespace URI")
OM2 = ("namespace prefix", "version info", "creation date", "citation")
OM3 = ("doi", "publisher", "logo", "status", "source", "issued")
OM5_1 = ("creation date", "author")
OM5_2 = ("issued", "publisher")
# What ROTO does not have, and so does not claim: no DOI is registered yet, and there is no logo.
ABSENT = {"doi", "logo"}


@pytest.fixture(scope="module")
def header():
    """{property: [values]} of the ontology IRI in the published Turtle file."""
    import pyoxigraph as ox

    from roto.namespaces import ONTOLOGY_IRI

    store = ox.Store()
    store.load(path=ROOT / "release" / "roto.ttl", format=ox.RdfFormat.TURTLE)
    found: dict[str, list] = {}
    for quad in store.quads_for_pattern(ox.NamedNode(ONTOLOGY_IRI), None, None):
        found.setdefault(quad.predicate.value, []).append(quad.object)
    return found


def present(header, name):
    return [value for prop in ACCEPTED[name] for value in header.get(prop, [])]


@pytest.mark.parametrize("check, names", [("OM1 minimum metadata", OM1), ("OM2 recommended metadata", OM2),
                                          ("OM3 detailed metadata", OM3), ("OM5.1 basic provenance", OM5_1),
                                          ("OM5.2 detailed provenance", OM5_2)])
def test_foops_metadata_checks(header, check, names):
    missing = [name for name in names if not present(header, name)]
    assert set(missing) == set(names) & ABSENT, f"{check}: missing {missing}"


def test_foops_om4_1_licence_and_ver1_version_iri(header):
    from roto.namespaces import LICENCE_IRI, ONTOLOGY_IRI, VERSION, VERSION_IRI

    assert [v.value for v in present(header, "license")] == [LICENCE_IRI]
    (version_iri,) = present(header, "version iri")
    assert version_iri.value == VERSION_IRI != ONTOLOGY_IRI  # VER1: a version IRI that differs
    assert [v.value for v in present(header, "version info")] == [VERSION]


def test_foops_find1_prefix_and_namespace_are_roto_s(header):
    from roto.namespaces import BASE, PREFIXES

    (prefix,) = present(header, "namespace prefix")
    (namespace,) = present(header, "namespace URI")
    assert PREFIXES[prefix.value] == namespace.value == BASE


def test_dates_come_from_git(header):
    """created: when ontology/roto.ttl was first committed; issued: this version's release
    (roto._version.RELEASED, which the nanopublications' dcterms:created repeat)."""
    from roto._version import RELEASED

    def instant(text):
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    (created,) = present(header, "creation date")
    (issued,) = present(header, "issued")
    assert created.datatype.value.endswith("#dateTime") and issued.datatype.value.endswith("#dateTime")
    assert instant(issued.value) == instant(RELEASED) >= instant(created.value)
    result = subprocess.run(["git", "log", "--reverse", "--diff-filter=A", "--format=%cI", "--", "ontology/roto.ttl"],
                            cwd=ROOT, capture_output=True, text=True)
    require(result.returncode == 0 and result.stdout.strip(), "no git history of ontology/roto.ttl")
    assert instant(result.stdout.split()[0]) == instant(created.value)


def test_creator_publisher_and_citation_say_who_and_what(header):
    import pyoxigraph as ox

    from roto.citation import roto
    from roto.namespaces import CONTRIBUTORS_IRI

    for name in ("author", "publisher"):
        assert [v.value for v in present(header, name) if isinstance(v, ox.NamedNode)] == [CONTRIBUTORS_IRI]
    (citation,) = present(header, "citation")
    entry = roto()
    for part in (entry.authors[0], entry.fields["title"], entry.fields["version"], entry.fields["url"]):
        assert part in citation.value
    (status,) = present(header, "status")
    assert status.value == BIBO + "status/nonPeerReviewed"


def test_no_doi_is_invented():
    """Until a registry mints one, no file claims a DOI for ROTO (the review's DOI is not ROTO's)."""
    from roto.namespaces import REVIEW_IRI

    review_doi = REVIEW_IRI.removeprefix("https://doi.org/")
    doi = re.compile(r"10\.\d{4,9}/[^\s\"'<>]+")
    for path in (ROOT / "ontology" / "roto.ttl", ROOT / "CITATION.cff"):
        text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))
        assert {d.rstrip(".,;") for d in doi.findall(text)} <= {review_doi}, path
