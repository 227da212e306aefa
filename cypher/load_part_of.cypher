// Create or update PART_OF relationships (props are the full desired state).
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Organization {id: r.b})
MERGE (a)-[x:PART_OF]->(b)
SET x += r.props
