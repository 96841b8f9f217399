# breaks: provenance for a "uses resource" statement whose object is text, not a node; it
# no longer matches the model's statement, which so loses its provenance, and the other way.
# expect: Violation SPARQL st:social shape:ModelStatementAxiom
# expect: Violation SPARQL ex:model shape:AssertionWithoutProvenance
# expect: Violation SPARQL ex:model shape:ProvenanceWithoutAssertion
DELETE DATA { st:social owl:annotatedTarget resource:social-relationships } ;
INSERT DATA { st:social owl:annotatedTarget "social relationships" }
