MATCH (n:Entity {id: $id}) RETURN labels(n) AS labels, properties(n) AS props
