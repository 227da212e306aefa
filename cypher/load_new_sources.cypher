// Create Source nodes that the loader found missing (CREATE: no lookup, unlike MERGE).
UNWIND $rows AS r
CREATE (n:Entity:Source {id: r.id})
SET n += r.props
