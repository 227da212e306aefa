// The retractions recorded for some ids (entities, or the starts of relationships).
UNWIND $ids AS id
MATCH (c:Change {entityId: id})
WHERE c.op = $op
RETURN c.entityId AS entityId, c.otherId AS otherId, c.relType AS relType, c.key AS key,
       c.at AS at, c.reason AS reason
