// Delete a bounded slice of the graph; called until it deletes nothing.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
