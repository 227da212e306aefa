// Create or update AFFILIATED_WITH relationships, one per person, organization and position.
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
MATCH (a:Person {id: r.a})
MATCH (b:Organization {id: r.b})
MERGE (a)-[x:AFFILIATED_WITH {position: r.props.position}]->(b)
SET x += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
