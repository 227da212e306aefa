// The links the duplicate scorer counts shared neighbours on (sources are compared apart).
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN ['ORGANIZED', 'PARTICIPATED_IN', 'AFFILIATED_WITH', 'CO_ORGANIZED_WITH', 'PART_OF']
RETURN a.id AS a, type(r) AS type, b.id AS b
