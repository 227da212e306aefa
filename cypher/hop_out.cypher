// One hop of a neighbourhood out of the given nodes: for each node and relationship type at
// most $cap links, the heaviest and latest first (ties by id: the same cut on every database),
// each with how many that node has of that type (`total`): a hub's links are counted, and only
// its first ones are sent.
UNWIND $ids AS cid
MATCH (a:Entity {id: cid})-[r]->(m:Entity)
WITH a, type(r) AS t, r, m
ORDER BY coalesce(r.weight, 0) DESC, coalesce(m.startDate, r.endDate, r.startDate, '') DESC,
         m.id, coalesce(r.role, '')
WITH a, t, collect([r, m]) AS links
UNWIND links[..$cap] AS x
WITH a, t, size(links) AS total, x[0] AS r, x[1] AS m
RETURN a.id AS source, t AS type, m.id AS target, properties(r) AS props, labels(m) AS labels,
       properties(m) AS node, total
