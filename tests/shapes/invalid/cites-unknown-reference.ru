# breaks: a statement cites a reference that no reference list has.
# expect: Violation Class st:social roto:citesReference
DELETE DATA { st:social obo:RO_0002612 obo:ECO_0000303 } ;
INSERT DATA { st:social roto:citesReference ex:ref-7 ; obo:RO_0002612 obo:ECO_0000304 }
