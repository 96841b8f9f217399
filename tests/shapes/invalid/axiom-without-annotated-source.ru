# breaks: an axiom that does not say which model it is about; the model's statement so
# loses its provenance too.
# expect: Violation MinCount st:social owl:annotatedSource
# expect: Violation SPARQL ex:model shape:AssertionWithoutProvenance
DELETE DATA { st:social owl:annotatedSource ex:model }
