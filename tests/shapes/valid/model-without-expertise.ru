# keeps: a model whose source does not say where expertise lies (unknown stays unknown).
DELETE WHERE { st:expertise ?p ?o } ;
DELETE DATA { ex:model roto:hasExpertiseLocus ex:patient }
