// Create or update Organization nodes, and link each to the sources it cites (in one statement).
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
MERGE (n:Entity:Organization {id: r.id})
SET n += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
WITH n, r
UNWIND r.props.sourceIds AS sid
MATCH (s:Source {id: sid})
MERGE (n)-[m:MENTIONED_IN]->(s)
SET m.sourceIds = [sid]
