// The relationships that end at an entity.
MATCH (d:Entity {id: $id})<-[x]-(o)
RETURN type(x) AS type, o.id AS other, properties(x) AS props
