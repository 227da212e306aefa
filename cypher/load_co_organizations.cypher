// Create or update CO_ORGANIZED_WITH relationships (props are the full desired state).
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Organization {id: r.b})
MERGE (a)-[x:CO_ORGANIZED_WITH]->(b)
SET x += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
