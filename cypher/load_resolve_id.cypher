// The record an id names in the graph: itself, or the record a merged id resolves to.
OPTIONAL MATCH (n:Entity {id: $id})
OPTIONAL MATCH (r:Redirect {id: $id})
WITH n, r.targetId AS target
OPTIONAL MATCH (t:Entity)
WHERE t.id = target
RETURN coalesce(n.id, t.id) AS id
