// Create or update PARTICIPATED_IN relationships (props are the full desired state).
UNWIND $rows AS r
MATCH (a:Person {id: r.a})
MATCH (b:Event {id: r.b})
MERGE (a)-[x:PARTICIPATED_IN]->(b)
SET x += r.props
