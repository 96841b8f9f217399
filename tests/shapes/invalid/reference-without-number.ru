# breaks: a reference without its number.
# expect: Violation MinCount ex:ref-2 roto:referenceNumber
DELETE DATA { ex:ref-2 roto:referenceNumber "2"^^xsd:positiveInteger }
