# breaks: a statement without a source.
# expect: Violation MinCount st:social roto:source
DELETE DATA { st:social roto:source ex:source }
