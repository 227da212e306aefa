// The stored co-organization links of some organizations, either direction.
UNWIND $ids AS id
MATCH (a:Organization {id: id})-[c:CO_ORGANIZED_WITH]-(b:Organization)
RETURN a.id AS a, b.id AS b, properties(c) AS props
