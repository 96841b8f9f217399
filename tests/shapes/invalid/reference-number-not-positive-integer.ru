# breaks: a reference number typed as a plain integer rather than a positive integer.
# expect: Violation Datatype ex:ref-2 roto:referenceNumber
DELETE DATA { ex:ref-2 roto:referenceNumber "2"^^xsd:positiveInteger } ;
INSERT DATA { ex:ref-2 roto:referenceNumber "2"^^xsd:integer }
