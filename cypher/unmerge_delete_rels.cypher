// Relationships a merge made, removed by its undo (an affiliation by its position).
UNWIND $rows AS r
MATCH (a:Entity {id: r.a})-[x]->(b:Entity {id: r.b})
WHERE type(x) = r.type AND (r.position IS NULL OR x.position = r.position)
DELETE x
RETURN count(*) AS deleted
