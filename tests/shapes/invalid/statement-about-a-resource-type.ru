# breaks: provenance for a "uses resource" statement whose subject is not a model; the
# model's own statement so loses its provenance too.
# expect: Violation SPARQL st:social shape:ModelStatementAxiom
# expect: Violation SPARQL ex:model shape:AssertionWithoutProvenance
DELETE DATA { st:social owl:annotatedSource ex:model } ;
INSERT DATA { st:social owl:annotatedSource ex:music }
