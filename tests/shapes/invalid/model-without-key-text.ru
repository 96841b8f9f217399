# breaks: the model has no key text (the statement and its provenance are both gone).
# expect: Violation MinCount ex:model roto:hasKeyText
DELETE WHERE { st:key-text ?p ?o } ;
DELETE DATA { ex:model roto:hasKeyText ex:ref-1 }
