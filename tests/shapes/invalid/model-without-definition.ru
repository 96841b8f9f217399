# breaks: the model has no definition.
# expect: Violation MinCount ex:model skos:definition
DELETE DATA { ex:model skos:definition "A model that exists only in these tests."@en }
