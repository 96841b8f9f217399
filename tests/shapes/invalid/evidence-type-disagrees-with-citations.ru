# breaks: a statement that cites a reference is typed as made without traceable support.
# expect: Violation SPARQL st:peers shape:EvidenceAgreesWithCitations
DELETE DATA { st:peers obo:RO_0002612 obo:ECO_0000304 } ;
INSERT DATA { st:peers obo:RO_0002612 obo:ECO_0000303 }
