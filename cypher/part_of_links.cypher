// Every stored PART_OF link, from the part to the whole: what a load checks its own part_of
// links against, so that together they never form a cycle.
MATCH (a:Organization)-[:PART_OF]->(b:Organization)
RETURN a.id AS a, b.id AS b
