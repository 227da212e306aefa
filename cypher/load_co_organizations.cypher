// Create or update CO_ORGANIZED_WITH relationships (props are the full desired state).
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Organization {id: r.b})
MERGE (a)-[x:CO_ORGANIZED_WITH]->(b)
SET x += r.props
