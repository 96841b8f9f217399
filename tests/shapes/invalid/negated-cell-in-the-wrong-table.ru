# breaks: a blank Table 1 (resources) cell whose column is a relationship type.
# expect: Violation Or st:peers-as-resource
INSERT DATA {
    st:peers-as-resource a owl:NegativePropertyAssertion ; owl:sourceIndividual ex:model ;
        owl:assertionProperty roto:usesResource ; owl:targetIndividual ex:peers ;
        roto:statementId "model/resource/peers" ; roto:source ex:source ; roto:locator ex:part-table ; obo:RO_0002612 obo:ECO_0000303 .
}
