// Keep what a merge changed, for its undo: numbered after the last merge.
OPTIONAL MATCH (old:MergeRecord)
WITH coalesce(max(old.seq), 0) AS top
CREATE (m:MergeRecord)
SET m = $props, m.seq = top + 1, m.undone = false
RETURN m.seq AS seq
