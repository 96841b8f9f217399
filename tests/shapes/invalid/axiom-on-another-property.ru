# breaks: provenance for a statement that is not one of ROTO's statements about models.
# expect: Violation In st:see-also owl:annotatedProperty
INSERT DATA {
    ex:model rdfs:seeAlso ex:ref-2 .
    st:see-also a owl:Axiom ; owl:annotatedSource ex:model ; owl:annotatedProperty rdfs:seeAlso ;
        owl:annotatedTarget ex:ref-2 ; roto:statementId "model/see-also" ;
        roto:source ex:source ; roto:locator ex:part-text ; obo:RO_0002612 obo:ECO_0000303 .
}
