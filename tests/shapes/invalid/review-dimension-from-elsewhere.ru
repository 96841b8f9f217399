# base: review
# breaks: the expertise dimension no longer says it comes from the review.
# expect: Violation QualifiedMinCount roto:RelationshipDimension
DELETE WHERE { dimension:expertise roto:source ?source }
