# breaks: a resource type without a definition.
# expect: Violation MinCount ex:music skos:definition
DELETE DATA { ex:music skos:definition "Making music."@en }
