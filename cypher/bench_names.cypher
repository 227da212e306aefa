MATCH (n:Organization) RETURN n.name AS name LIMIT 500
