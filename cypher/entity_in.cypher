UNWIND $ids AS cid
MATCH (a:Entity {id: cid})<-[r]-(m:Entity)
RETURN m.id AS source, type(r) AS type, a.id AS target, properties(r) AS props,
       labels(m) AS labels, properties(m) AS node
