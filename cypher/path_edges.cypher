UNWIND $pairs AS p
MATCH (a:Entity {id: p[0]})-[r]->(b:Entity {id: p[1]})
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props
