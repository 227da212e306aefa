MATCH (n:Organization) RETURN n.id AS id LIMIT 2000
