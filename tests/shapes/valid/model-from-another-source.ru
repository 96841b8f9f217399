# keeps: a second model from a source of its own, with its own reference list, that
# states two of the three cells and leaves music open: a note, since unknown stays unknown.
# expect: Info SPARQL ex:second-model shape:CellUnknown
INSERT DATA {
    ex:second-source a roto:Review ; rdfs:label "A second source"@en .
    ex:second-part a roto:SourcePart ; rdfs:label "Its only section"@en ; roto:partOf ex:second-source .
    ex:second-ref-1 a roto:Reference ; rdfs:label "[1] Roe"@en ; roto:referenceNumber "1"^^xsd:positiveInteger ;
        roto:citedIn ex:second-source .
    ex:second-model a roto:TherapeuticModel ; rdfs:label "Second model"@en ;
        skos:definition "Another model that exists only in these tests."@en ;
        roto:source ex:second-source ; roto:locator ex:second-part ;
        roto:hasKeyText ex:second-ref-1 ; roto:hasReciprocity ex:two-way ;
        roto:usesResource resource:social-relationships ; roto:usesRelationship ex:peers .
    st:second-key-text a owl:Axiom ; owl:annotatedSource ex:second-model ; owl:annotatedProperty roto:hasKeyText ;
        owl:annotatedTarget ex:second-ref-1 ; roto:statementId "second-model/key-text/1" ;
        roto:source ex:second-source ; roto:locator ex:second-part ; roto:citesReference ex:second-ref-1 ; obo:RO_0002612 obo:ECO_0000304 .
    st:second-reciprocity a owl:Axiom ; owl:annotatedSource ex:second-model ; owl:annotatedProperty roto:hasReciprocity ;
        owl:annotatedTarget ex:two-way ; roto:statementId "second-model/reciprocity" ;
        roto:source ex:second-source ; roto:locator ex:second-part ; obo:RO_0002612 obo:ECO_0000303 .
    st:second-social a owl:Axiom ; owl:annotatedSource ex:second-model ; owl:annotatedProperty roto:usesResource ;
        owl:annotatedTarget resource:social-relationships ; roto:statementId "second-model/resource/social-relationships" ;
        roto:source ex:second-source ; roto:locator ex:second-part ; obo:RO_0002612 obo:ECO_0000303 .
    st:second-peers a owl:Axiom ; owl:annotatedSource ex:second-model ; owl:annotatedProperty roto:usesRelationship ;
        owl:annotatedTarget ex:peers ; roto:statementId "second-model/relationship/peers" ;
        roto:source ex:second-source ; roto:locator ex:second-part ; obo:RO_0002612 obo:ECO_0000303 .
}
