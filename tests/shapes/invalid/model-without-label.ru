# breaks: the model has no label.
# expect: Violation MinCount ex:model rdfs:label
DELETE DATA { ex:model rdfs:label "Example model"@en }
