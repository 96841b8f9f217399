# breaks: the model has a second expertise locus, with its own provenance.
# expect: Violation MaxCount ex:model roto:hasExpertiseLocus
INSERT DATA {
    ex:therapist a roto:ExpertiseLocus ; rdfs:label "therapist"@en ; skos:definition "The therapist knows best."@en ;
        roto:onDimension dimension:expertise .
    ex:model roto:hasExpertiseLocus ex:therapist .
    st:expertise-2 a owl:Axiom ; owl:annotatedSource ex:model ; owl:annotatedProperty roto:hasExpertiseLocus ;
        owl:annotatedTarget ex:therapist ; roto:statementId "model/expertise-2" ;
        roto:source ex:source ; roto:locator ex:part-text ; obo:RO_0002612 obo:ECO_0000303 .
}
