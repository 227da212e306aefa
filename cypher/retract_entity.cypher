// Retract an entity: write its history entries (its content, its relationships', its parts'
// parentId), clear the parentId of its parts, and delete it with its relationships.
MATCH (n:Entity {id: $id})
FOREACH (ch IN $changes | CREATE (c:Change) SET c = ch)
WITH n
OPTIONAL MATCH (part:Organization)-[:PART_OF]->(n)
WITH n, [p IN collect(part) WHERE p.parentId = n.id] AS parts
FOREACH (p IN parts | REMOVE p.parentId)
DETACH DELETE n
RETURN count(*) AS retracted
