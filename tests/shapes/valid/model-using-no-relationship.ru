# keeps: a model that uses no type of social relationship. Every model in the review uses
# at least one, so this is a warning.
# expect: Warning MinCount ex:model roto:usesRelationship
DELETE WHERE { st:peers ?p ?o } ;
DELETE DATA { ex:model roto:usesRelationship ex:peers } ;
INSERT DATA {
    st:peers a owl:NegativePropertyAssertion ; owl:sourceIndividual ex:model ;
        owl:assertionProperty roto:usesRelationship ; owl:targetIndividual ex:peers ;
        roto:statementId "model/relationship/peers" ; roto:source ex:source ; roto:locator ex:part-table ; obo:RO_0002612 obo:ECO_0000303 .
}
