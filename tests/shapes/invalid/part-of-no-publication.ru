# breaks: a subsection that belongs to no publication.
# expect: Violation MinCount ex:part-text roto:partOf
DELETE DATA { ex:part-text roto:partOf ex:source }
