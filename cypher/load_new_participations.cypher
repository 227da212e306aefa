// Create PARTICIPATED_IN relationships that the loader found missing.
UNWIND $rows AS r
MATCH (a:Person {id: r.a})
MATCH (b:Event {id: r.b})
CREATE (a)-[x:PARTICIPATED_IN]->(b)
SET x += r.props
