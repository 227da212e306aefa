// Append judgements to the log, numbered after the last one; returns them as stored. The
// writer lock first (as a unit of work takes it), so that two reviewers at once never get one
// number (the embedded database runs one write at a time: its version has no lock).
MERGE (w:WriteLock {id: 'ctgraph'})
SET w.held = true
WITH w
OPTIONAL MATCH (old:Judgement)
WITH coalesce(max(old.seq), 0) AS top
UNWIND range(0, size($rows) - 1) AS i
WITH top, i, $rows[i] AS r
CREATE (j:Judgement)
SET j = r, j.seq = top + i + 1
RETURN properties(j) AS j
ORDER BY j.seq
