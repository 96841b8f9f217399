# breaks: the model uses peers, but nothing says where that comes from.
# expect: Violation SPARQL ex:model shape:AssertionWithoutProvenance
DELETE WHERE { st:peers ?p ?o }
