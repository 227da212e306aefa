// The record that holds an id among its alternative ids (an admin's own id for a record the
// loader matched by name).
MATCH (n:Entity)
WHERE $id IN n.altIds
RETURN n.id AS id
LIMIT 1
