// Create or update ORGANIZED relationships (props are the full desired state).
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Event {id: r.b})
MERGE (a)-[x:ORGANIZED]->(b)
SET x += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
