# breaks: a statement without an evidence type.
# expect: Violation MinCount st:social obo:RO_0002612
DELETE DATA { st:social obo:RO_0002612 obo:ECO_0000303 }
