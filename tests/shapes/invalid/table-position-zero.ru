# breaks: a column at position 0 (positions count from 1).
# expect: Violation MinInclusive ex:music roto:tablePosition
DELETE DATA { ex:music roto:tablePosition 2 } ;
INSERT DATA { ex:music roto:tablePosition 0 }
