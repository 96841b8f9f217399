# breaks: the model is said to use music, which a negative assertion says it does not.
# expect: Violation SPARQL ex:model shape:CellAssertedAndNegated
INSERT DATA {
    ex:model roto:usesResource ex:music .
    st:music-yes a owl:Axiom ; owl:annotatedSource ex:model ; owl:annotatedProperty roto:usesResource ;
        owl:annotatedTarget ex:music ; roto:statementId "model/resource/music-yes" ;
        roto:source ex:source ; roto:locator ex:part-table ; obo:RO_0002612 obo:ECO_0000303 .
}
