// Schema for FalkorDB: range indexes, then the full-text index over names and aliases.
// Statements that already hold are reported by the database and skipped by the store;
// unique constraints are a separate FalkorDB command, issued by the store after these.
CREATE INDEX FOR (n:Entity) ON (n.id);
CREATE INDEX FOR (n:Organization) ON (n.id);
CREATE INDEX FOR (n:Person) ON (n.id);
CREATE INDEX FOR (n:Event) ON (n.id);
CREATE INDEX FOR (n:Source) ON (n.id);
CREATE INDEX FOR (n:Redirect) ON (n.id);
CREATE INDEX FOR (n:Event) ON (n.startDate);
CREATE INDEX FOR (n:Organization) ON (n.country);
CREATE INDEX FOR (c:Change) ON (c.entityId, c.otherId);
CREATE INDEX FOR (c:Change) ON (c.at);
CREATE INDEX FOR (n:Entity) ON (n.altIds);
CREATE INDEX FOR (r:Review) ON (r.sourceId);
CALL db.idx.fulltext.createNodeIndex('Entity', 'name', 'searchText');
