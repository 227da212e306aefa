// The stored CO_ORGANIZED_WITH relationships between some pairs (both ends bound first, so
// the link is looked up between them rather than among all of a busy organization's links).
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Organization {id: r.b})
WITH a, b, r
MATCH (a)-[x:CO_ORGANIZED_WITH]->(b)
RETURN r.a AS a, r.b AS b, properties(x) AS props
