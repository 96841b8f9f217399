# breaks: the model does not say which publication it comes from.
# expect: Violation MinCount ex:model roto:source
DELETE DATA { ex:model roto:source ex:source }
