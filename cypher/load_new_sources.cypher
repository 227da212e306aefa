// Create Source nodes that the loader found missing (CREATE: no lookup, unlike MERGE).
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
CREATE (n:Entity:Source {id: r.id})
SET n += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
