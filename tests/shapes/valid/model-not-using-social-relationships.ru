# keeps: a model that, according to its source, does not use social relationships. Every
# model in the review does, so this is a warning, not a violation.
# expect: Warning HasValue ex:model roto:usesResource
DELETE WHERE { st:social ?p ?o } ;
DELETE DATA { ex:model roto:usesResource resource:social-relationships } ;
INSERT DATA {
    st:social a owl:NegativePropertyAssertion ; owl:sourceIndividual ex:model ;
        owl:assertionProperty roto:usesResource ; owl:targetIndividual resource:social-relationships ;
        roto:statementId "model/resource/social-relationships" ; roto:source ex:source ; roto:locator ex:part-table ; obo:RO_0002612 obo:ECO_0000303 .
}
