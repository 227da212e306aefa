// The co-organization network: each link once (smaller id → larger), then each organization
// once, so a busy organization's properties do not travel with each of its links.
MATCH (a:Organization)-[r:CO_ORGANIZED_WITH]->(b:Organization)
WHERE ($country IS NULL OR a.country = $country OR b.country = $country)
RETURN a.id AS a, b.id AS b, properties(r) AS props
