# breaks: the reference list jumps from 1 to 3.
# expect: Violation SPARQL ex:source shape:ReferenceNumberGap
DELETE DATA { ex:ref-2 roto:referenceNumber "2"^^xsd:positiveInteger } ;
INSERT DATA { ex:ref-2 roto:referenceNumber "3"^^xsd:positiveInteger }
