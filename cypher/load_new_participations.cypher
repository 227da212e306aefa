// Create PARTICIPATED_IN relationships that the loader found missing.
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
MATCH (a:Person {id: r.a})
MATCH (b:Event {id: r.b})
CREATE (a)-[x:PARTICIPATED_IN]->(b)
SET x += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
