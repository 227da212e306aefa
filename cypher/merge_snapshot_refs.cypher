// What points at a record besides its relationships: the merged ids that resolve to it and
// the organizations whose parentId names it (a merge retargets both; its undo restores them).
OPTIONAL MATCH (r:Redirect {targetId: $id})
WITH collect(r.id) AS redirects
OPTIONAL MATCH (o:Organization {parentId: $id})
RETURN redirects, collect(o.id) AS parts
