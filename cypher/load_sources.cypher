// Create or update Source nodes (props are the full desired state computed by the loader).
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
MERGE (n:Entity:Source {id: r.id})
SET n += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
