# breaks: the model uses a resource that is no resource type (a misspelt IRI, say).
# expect: Violation Class ex:model roto:usesResource
INSERT DATA {
    ex:model roto:usesResource ex:musik .
    st:musik a owl:Axiom ; owl:annotatedSource ex:model ; owl:annotatedProperty roto:usesResource ;
        owl:annotatedTarget ex:musik ; roto:statementId "model/resource/musik" ;
        roto:source ex:source ; roto:locator ex:part-table ; obo:RO_0002612 obo:ECO_0000303 .
}
