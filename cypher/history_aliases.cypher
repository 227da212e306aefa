// The merged ids that resolve to an entity.
MATCH (r:Redirect {targetId: $id})
RETURN r.id AS id
