// The stored AFFILIATED_WITH relationships between some pairs (from the person: few each).
UNWIND $rows AS r
MATCH (a:Person {id: r.a})-[x:AFFILIATED_WITH]->(b)
WHERE b.id = r.b
RETURN r.a AS a, r.b AS b, properties(x) AS props
