// A merge undone: kept, marked.
MATCH (m:MergeRecord {seq: $seq})
SET m.undone = true, m.undoneAt = $at, m.undoneBy = $by
RETURN m.seq AS seq
