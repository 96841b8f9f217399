# breaks: a statement's locator is a part of another publication.
# expect: Violation SPARQL st:social shape:ProvenanceOutsideSource
INSERT DATA {
    ex:other a roto:Review ; rdfs:label "Another source"@en .
    ex:other-table a roto:SourcePart ; rdfs:label "Another table"@en ; roto:partOf ex:other .
    st:social roto:locator ex:other-table .
}
