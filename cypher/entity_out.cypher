UNWIND $ids AS cid
MATCH (a:Entity {id: cid})-[r]->(m:Entity)
RETURN a.id AS source, type(r) AS type, m.id AS target, properties(r) AS props,
       labels(m) AS labels, properties(m) AS node
