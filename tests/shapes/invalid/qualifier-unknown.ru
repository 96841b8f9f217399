# breaks: a judgement's hedge names an unknown qualifier.
# expect: Violation Class ex:hedge roto:qualifier
DELETE DATA { ex:hedge roto:qualifier ex:arguable } ;
INSERT DATA { ex:hedge roto:qualifier ex:debatable }
