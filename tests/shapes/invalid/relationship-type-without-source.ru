# breaks: a table column that does not say which publication's table it belongs to.
# expect: Violation MinCount ex:peers roto:source
DELETE DATA { ex:peers roto:source ex:source }
