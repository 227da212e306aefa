// Relationships a merge made, removed by its undo (an affiliation by its position).
UNWIND $rows AS r
MATCH (a:Entity {id: r.a})-[x]->(b:Entity {id: r.b})
WHERE type(x) = r.type
  AND (r.type <> 'AFFILIATED_WITH' OR coalesce(x.position, '') = coalesce(r.position, ''))
DELETE x
RETURN count(*) AS deleted
