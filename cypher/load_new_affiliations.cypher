// Create AFFILIATED_WITH relationships that the loader found missing.
UNWIND $rows AS r
MATCH (a:Person {id: r.a})
MATCH (b:Organization {id: r.b})
CREATE (a)-[x:AFFILIATED_WITH]->(b)
SET x += r.props
