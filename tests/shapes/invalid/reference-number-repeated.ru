# breaks: two references in one list have the number 1.
# expect: Violation SPARQL ex:source shape:RepeatedReferenceNumber
DELETE DATA { ex:ref-2 roto:referenceNumber "2"^^xsd:positiveInteger } ;
INSERT DATA { ex:ref-2 roto:referenceNumber "1"^^xsd:positiveInteger }
