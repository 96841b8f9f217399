"""The version is written once (src/roto/_version.py, which the build reads into the package
metadata); everything that states a version must agree with it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pyoxigraph as ox

from roto import __version__
from roto._version import DISTRIBUTION
from roto.namespaces import ONTOLOGY_IRI, VERSION, VERSION_IRI

ROOT = Path(__file__).resolve().parents[1]
OWL = "http://www.w3.org/2002/07/owl#"


def test_the_ontology_header_states_the_package_version():
    store = ox.Store()
    store.load(path=str(ROOT / "ontology" / "roto.ttl"), format=ox.RdfFormat.TURTLE)
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    version_iri = [q.object.value for q in store.quads_for_pattern(ontology, ox.NamedNode(OWL + "versionIRI"), None)]
    version_info = [q.object.value for q in store.quads_for_pattern(ontology, ox.NamedNode(OWL + "versionInfo"), None)]
    assert version_iri == [VERSION_IRI] and version_info == [__version__]
    assert __version__ == VERSION and VERSION_IRI.endswith("/" + __version__)


def test_the_build_takes_the_version_from_one_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert project["name"] == DISTRIBUTION
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_no_other_source_file_writes_the_version():
    """A literal copy of the version anywhere in src/ would drift at the next release."""
    copies = [str(path.relative_to(ROOT)) for path in (ROOT / "src").rglob("*")
              if path.is_file() and path.suffix in (".py", ".html", ".txt", ".rq") and path.name != "_version.py"
              and __version__ in path.read_text(encoding="utf-8")]
    assert copies == []
