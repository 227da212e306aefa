// The first statement of a unit of work on Neo4j: it write-locks one node until the unit
// commits or rolls back, so units take turns (a second waits here) instead of failing on each
// other's records. Setting a value it already has leaves the graph as it was.
MERGE (w:WriteLock {id: 'ctgraph'})
SET w.held = true
RETURN w.id AS id
