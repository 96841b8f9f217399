# breaks: a statement cites a reference from another publication's list.
# expect: Violation SPARQL st:social shape:ProvenanceOutsideSource
DELETE DATA { st:social obo:RO_0002612 obo:ECO_0000303 } ;
INSERT DATA {
    st:social obo:RO_0002612 obo:ECO_0000304 .
    ex:other a roto:Review ; rdfs:label "Another source"@en .
    ex:other-ref-1 a roto:Reference ; rdfs:label "[1] Roe"@en ; roto:referenceNumber "1"^^xsd:positiveInteger ;
        roto:citedIn ex:other .
    st:social roto:citesReference ex:other-ref-1 .
}
