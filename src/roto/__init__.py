"""ROTO: the review of resource-oriented therapeutic models in psychiatry as linked data.

The package is light to import: heavy libraries (rdflib, pyshacl, owlready2, matplotlib,
pandas) are loaded only by the functions that need them.

In a notebook::

    import roto
    kg = roto.open()                       # the review
    kg = roto.open(["my-model.toml"])      # the review plus a researcher's files
    kg = roto.open(inferred=True)          # the review plus the reasoner's saved conclusions
    kg = roto.open(project="my-project")   # the review plus a project's models (roto init)
"""

from ._version import __version__ as __version__


# `open` shadows the builtin on purpose: `roto.open()` reads like opening a file, which it is.
def open(paths=(), inferred=False, project=None):
    """The knowledge graph to ask questions of (see `roto.knowledge_graph.open_graph`): by
    default the project the working folder is in (`roto init`), else the review."""
    from .knowledge_graph import open_graph

    return open_graph(paths, inferred, project)
