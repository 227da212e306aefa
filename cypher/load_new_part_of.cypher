// Create PART_OF relationships that the loader found missing.
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Organization {id: r.b})
CREATE (a)-[x:PART_OF]->(b)
SET x += r.props
