# breaks: a statement without an id.
# expect: Violation MinCount st:reciprocity roto:statementId
DELETE DATA { st:reciprocity roto:statementId "model/reciprocity" }
