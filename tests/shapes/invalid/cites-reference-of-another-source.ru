# breaks: a statement cites a reference from another publication's list.
# expect: Violation SPARQL st:social shape:ProvenanceOutsideSource
INSERT DATA {
    ex:other a roto:Review ; rdfs:label "Another source"@en .
    ex:other-ref-1 a roto:Reference ; rdfs:label "[1] Roe"@en ; roto:referenceNumber "1"^^xsd:positiveInteger ;
        roto:citedIn ex:other .
    st:social roto:citesReference ex:other-ref-1 .
}
