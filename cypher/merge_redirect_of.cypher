// Where a merged id now resolves.
MATCH (r:Redirect {id: $id})
RETURN r.targetId AS targetId
