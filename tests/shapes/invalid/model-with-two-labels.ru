# breaks: the model has a second label.
# expect: Violation MaxCount ex:model rdfs:label
INSERT DATA { ex:model rdfs:label "Another name"@en }
