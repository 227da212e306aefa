// Relationships set back to exactly these properties (an undone merge).
UNWIND $rows AS r
MATCH (a:Entity {id: r.a})-[x]->(b:Entity {id: r.b})
WHERE type(x) = r.type
  AND (r.type <> 'AFFILIATED_WITH' OR coalesce(x.position, '') = coalesce(r.position, ''))
SET x = r.props
RETURN count(*) AS set
