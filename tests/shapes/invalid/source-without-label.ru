# breaks: a source publication without a label.
# expect: Violation MinCount ex:source rdfs:label
DELETE DATA { ex:source rdfs:label "An example source"@en }
