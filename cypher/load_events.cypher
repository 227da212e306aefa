// Create or update Event nodes, and link each to the sources it cites (in one statement).
UNWIND $rows AS r
MERGE (n:Entity:Event {id: r.id})
SET n += r.props
WITH n, r
UNWIND r.props.sourceIds AS sid
MATCH (s:Source {id: sid})
MERGE (n)-[m:REPORTED_IN]->(s)
SET m.sourceIds = [sid]
