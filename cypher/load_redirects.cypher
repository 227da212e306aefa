// Ids left behind by merges, and the ids they resolve to.
MATCH (r:Redirect)
RETURN r.id AS id, r.targetId AS targetId
