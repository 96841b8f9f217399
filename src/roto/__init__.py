"""ROTO: the review of resource-oriented therapeutic models in psychiatry as linked data.

The package is light to import: heavy libraries (rdflib, pyshacl, owlready2) are loaded
only by the functions that need them.
"""

__version__ = "1.0.0"
