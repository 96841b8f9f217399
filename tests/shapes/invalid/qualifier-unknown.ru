# breaks: a judgement's qualifier is not a known qualifier.
# expect: Violation Class st:expertise roto:qualifier
DELETE DATA { st:expertise roto:qualifier ex:arguable } ;
INSERT DATA { st:expertise roto:qualifier ex:debatable }
