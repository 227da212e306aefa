// Create or update AFFILIATED_WITH relationships, one per person, organization and position.
UNWIND $rows AS r
MATCH (a:Person {id: r.a})
MATCH (b:Organization {id: r.b})
MERGE (a)-[x:AFFILIATED_WITH {position: r.props.position}]->(b)
SET x += r.props
