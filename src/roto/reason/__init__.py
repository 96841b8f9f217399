"""`roto reason`: HermiT over the review and a researcher's extension.

`reasoning` runs it and returns the conclusions; `hermit` runs HermiT once (its command
line, from the jar owlready2 ships), `partitions` splits a large graph into parts with the same conclusions,
`materialise` closes HermiT's answer into the `inferred` graph, and `clash` (with the
QuickXplain search in `explanation`) names the statements that clash.

Nothing is imported here: `roto reason --help` reads the limits in `partitions` without
loading rdflib.
"""
