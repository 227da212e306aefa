// The stored PART_OF relationships between some pairs (from the part: it has one or two).
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})-[x:PART_OF]->(b)
WHERE b.id = r.b
RETURN r.a AS a, r.b AS b, properties(x) AS props
