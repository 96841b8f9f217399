# breaks: a reciprocity value placed on the expertise dimension.
# expect: Violation HasValue ex:two-way roto:onDimension
DELETE DATA { ex:two-way roto:onDimension dimension:reciprocity } ;
INSERT DATA { ex:two-way roto:onDimension dimension:expertise }
