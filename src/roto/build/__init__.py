"""`roto build`: the authored content compiled into RDF and written as the release files.

`compiler` turns the review's records (and a researcher's TOML files) into one Dataset with
named graphs; `release` renders every release file from it and replaces the release folder
in one step; `rdfxml` and `owlxml` are the deterministic writers of RDF/XML and OWL/XML.

Nothing is imported here, so a module that needs only the compiler does not load the writers.
"""
