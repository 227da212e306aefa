MATCH (a:Organization)-[r:CO_ORGANIZED_WITH]->(b:Organization)
WHERE ($country IS NULL OR a.country = $country OR b.country = $country)
RETURN properties(a) AS a, properties(b) AS b, properties(r) AS props
