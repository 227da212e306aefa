// An entity's labels and properties, by id (merge reads both records first).
MATCH (n:Entity {id: $id})
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
