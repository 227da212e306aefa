// Create AFFILIATED_WITH relationships that the loader found missing.
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
MATCH (a:Person {id: r.a})
MATCH (b:Organization {id: r.b})
CREATE (a)-[x:AFFILIATED_WITH]->(b)
SET x += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
