# breaks: a statement's evidence type is not one of ROTO's three ECO types.
# expect: Violation In st:social obo:RO_0002612
# expect: Violation SPARQL st:social shape:EvidenceAgreesWithCitations
DELETE DATA { st:social obo:RO_0002612 obo:ECO_0000303 } ;
INSERT DATA { st:social obo:RO_0002612 obo:ECO_0000269 }
