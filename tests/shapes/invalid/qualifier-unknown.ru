# breaks: a judgement's hedge names an unknown qualifier.
# expect: Violation Node st:expertise roto:qualifiedBy
DELETE DATA { ex:hedge roto:qualifier ex:arguable } ;
INSERT DATA { ex:hedge roto:qualifier ex:debatable }
