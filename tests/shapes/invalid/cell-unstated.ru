# breaks: the music cell of the model's own source's table is neither asserted nor negated.
# expect: Violation SPARQL ex:model shape:CellUnstated
DELETE WHERE { st:music ?p ?o }
