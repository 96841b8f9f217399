# breaks: two statements share one id.
# expect: Violation MaxCount st:social
# expect: Violation MaxCount st:peers
DELETE DATA { st:peers roto:statementId "model/relationship/peers" } ;
INSERT DATA { st:peers roto:statementId "model/resource/social-relationships" }
