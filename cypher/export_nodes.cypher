MATCH (n:Entity) RETURN labels(n) AS labels, properties(n) AS props
