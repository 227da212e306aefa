// The latest `$cap` history entries written after a moment, newest first.
MATCH (c:Change)
WHERE c.at > $since
RETURN c.op AS op, c.kind AS kind, c.entityId AS entityId, c.otherId AS otherId,
       c.relType AS relType, c.targetId AS targetId, c.at AS at
ORDER BY c.at DESC, c.seq DESC
LIMIT $cap
