"""Writers of everything ROTO outputs, one per kind of output, shared by the CLI and the
endpoint: `rows` (tables of text), `sparql` (query answers), `report` (validation
reports), `manuscript` (the review's tables for a paper); `formats` names every format.

Nothing is imported here, so a command pays only for the writer it uses.
"""
