# breaks: a statement without an id.
# expect: Violation SPARQL st:reciprocity shape:ModelStatementAxiom
DELETE DATA { st:reciprocity roto:statementId "model/reciprocity" }
