// Create or update ORGANIZED relationships (props are the full desired state).
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Event {id: r.b})
MERGE (a)-[x:ORGANIZED]->(b)
SET x += r.props
