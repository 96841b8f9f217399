# breaks: the reciprocity judgement names an expertise locus.
# expect: Violation Class ex:model roto:hasReciprocity
DELETE DATA { ex:model roto:hasReciprocity ex:two-way . st:reciprocity owl:annotatedTarget ex:two-way } ;
INSERT DATA { ex:model roto:hasReciprocity ex:patient . st:reciprocity owl:annotatedTarget ex:patient }
