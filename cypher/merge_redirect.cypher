// DROP resolves to KEEP from now on, and so does every id that resolved to DROP.
MERGE (r:Redirect {id: $drop})
SET r.targetId = $keep
WITH r
OPTIONAL MATCH (o:Redirect {targetId: $drop})
SET o.targetId = $keep
RETURN count(o) AS retargeted
