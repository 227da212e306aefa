// Create CO_ORGANIZED_WITH relationships that the loader found missing.
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Organization {id: r.b})
CREATE (a)-[x:CO_ORGANIZED_WITH]->(b)
SET x += r.props
