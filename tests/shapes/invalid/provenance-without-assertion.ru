# breaks: provenance for an expertise locus that the model is no longer given.
# expect: Violation SPARQL ex:model shape:ProvenanceWithoutAssertion
DELETE DATA { ex:model roto:hasExpertiseLocus ex:patient }
