# breaks: the key text is a reference that no reference list has.
# expect: Violation Class ex:model roto:hasKeyText
DELETE DATA { ex:model roto:hasKeyText ex:ref-1 . st:key-text owl:annotatedTarget ex:ref-1 } ;
INSERT DATA { ex:model roto:hasKeyText ex:ref-9 . st:key-text owl:annotatedTarget ex:ref-9 }
