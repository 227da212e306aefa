// Create Organization nodes that the loader found missing, each linked to the sources it cites.
UNWIND $rows AS r
CREATE (n:Entity:Organization {id: r.id})
SET n += r.props
WITH n, r
UNWIND r.props.sourceIds AS sid
MATCH (s:Source {id: sid})
CREATE (n)-[m:MENTIONED_IN]->(s)
SET m.sourceIds = [sid]
