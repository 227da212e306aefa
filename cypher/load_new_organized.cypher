// Create ORGANIZED relationships that the loader found missing.
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Event {id: r.b})
CREATE (a)-[x:ORGANIZED]->(b)
SET x += r.props
