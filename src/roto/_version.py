"""The release, stated once: the build reads it into the package metadata (hatch's version
source), the ontology header must agree (tests/test_version.py), and the code imports it
from here rather than through importlib.metadata, which would cost every command ~20 ms."""

__version__ = "1.0.0"
DISTRIBUTION = "roto-ontology"
# When this version's content was first committed (git log: 406cd31, 2026-11-26T08:41:33Z);
# the ontology header's dcterms:issued and each nanopublication's dcterms:created say it.
RELEASED = "2026-11-26T08:41:33+00:00"  # the lexical form rdflib writes whether or not it normalises literals
