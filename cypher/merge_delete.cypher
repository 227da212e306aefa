// Remove the dropped record with its (already moved) relationships.
MATCH (d:Entity {id: $drop})
DETACH DELETE d
RETURN count(*) AS deleted
