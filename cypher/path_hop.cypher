UNWIND $ids AS cid
MATCH (a:Entity {id: cid})-[r]-(m:Entity)
WHERE NOT m:Source
RETURN DISTINCT a.id AS near, m.id AS far
LIMIT $cap
