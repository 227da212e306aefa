// Create Organization nodes that the loader found missing, each linked to the sources it cites.
// Each row's history entries (`changes`) are written in the same statement.
UNWIND $rows AS r
CREATE (n:Entity:Organization {id: r.id})
SET n += r.props
FOREACH (ch IN coalesce(r.changes, []) | CREATE (c:Change) SET c = ch)
WITH n, r
UNWIND r.props.sourceIds AS sid
MATCH (s:Source {id: sid})
CREATE (n)-[m:MENTIONED_IN]->(s)
SET m.sourceIds = [sid]
