# breaks: the model does not say where in its source it is described.
# expect: Violation MinCount ex:model roto:locator
DELETE DATA { ex:model roto:locator ex:part-text }
