# breaks: a statement cites a reference that no reference list has.
# expect: Violation Class st:social roto:citesReference
INSERT DATA { st:social roto:citesReference ex:ref-7 }
