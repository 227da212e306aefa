MATCH (n:Entity)
WITH labels(n) AS labels, n.kind AS kind, n.country AS country
RETURN labels, kind, country, count(*) AS count
