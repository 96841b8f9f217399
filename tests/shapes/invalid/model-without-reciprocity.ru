# breaks: the model has no reciprocity judgement.
# expect: Violation MinCount ex:model roto:hasReciprocity
DELETE WHERE { st:reciprocity ?p ?o } ;
DELETE DATA { ex:model roto:hasReciprocity ex:two-way }
