// An undone merge: the dropped id no longer redirects; the merged ids and the parts that named
// it before the merge, and still name the kept record, name it again.
OPTIONAL MATCH (d:Redirect {id: $drop})
DELETE d
WITH count(*) AS gone
UNWIND [x IN $redirects | {kind: 'redirect', id: x}] + [x IN $parts | {kind: 'part', id: x}] AS ref
OPTIONAL MATCH (r:Redirect {id: ref.id})
WHERE ref.kind = 'redirect' AND r.targetId = $keep
OPTIONAL MATCH (o:Organization {id: ref.id})
WHERE ref.kind = 'part' AND o.parentId = $keep
FOREACH (x IN CASE WHEN r IS NULL THEN [] ELSE [r] END | SET x.targetId = $drop)
FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | SET x.parentId = $drop)
RETURN count(r) + count(o) AS restored
