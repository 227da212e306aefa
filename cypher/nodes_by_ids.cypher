MATCH (n:Entity) WHERE n.id IN $ids RETURN labels(n) AS labels, properties(n) AS props
