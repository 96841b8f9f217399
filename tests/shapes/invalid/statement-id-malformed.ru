# breaks: a statement id that is not of the form model/kind/term.
# expect: Violation Pattern st:reciprocity roto:statementId
DELETE DATA { st:reciprocity roto:statementId "model/reciprocity" } ;
INSERT DATA { st:reciprocity roto:statementId "Model reciprocity!" }
