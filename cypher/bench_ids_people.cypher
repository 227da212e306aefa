MATCH (n:Person) RETURN n.id AS id LIMIT 2000
