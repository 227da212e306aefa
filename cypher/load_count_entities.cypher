// How many entities the graph holds.
MATCH (n:Entity)
RETURN count(n) AS count
