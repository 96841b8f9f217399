# breaks: a reference that belongs to no source's reference list.
# expect: Violation MinCount ex:ref-2 roto:citedIn
DELETE DATA { ex:ref-2 roto:citedIn ex:source }
