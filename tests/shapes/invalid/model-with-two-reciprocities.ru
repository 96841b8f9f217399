# breaks: the model has a second reciprocity judgement, with its own provenance.
# expect: Violation MaxCount ex:model roto:hasReciprocity
INSERT DATA {
    ex:one-way a roto:ReciprocityValue ; rdfs:label "one-way"@en ; skos:definition "Help runs one way."@en ;
        roto:onDimension dimension:reciprocity .
    ex:model roto:hasReciprocity ex:one-way .
    st:reciprocity-2 a owl:Axiom ; owl:annotatedSource ex:model ; owl:annotatedProperty roto:hasReciprocity ;
        owl:annotatedTarget ex:one-way ; roto:statementId "model/reciprocity-2" ;
        roto:source ex:source ; roto:locator ex:part-text ; obo:RO_0002612 obo:ECO_0000303 .
}
