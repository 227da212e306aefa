// Append judgements to the log, numbered after the last one; returns them as stored (one
// write runs at a time on the embedded database, so no lock is taken).
OPTIONAL MATCH (old:Judgement)
WITH coalesce(max(old.seq), 0) AS top
UNWIND range(0, size($rows) - 1) AS i
WITH top, i, $rows[i] AS r
CREATE (j:Judgement)
SET j = r, j.seq = top + i + 1
RETURN properties(j) AS j
ORDER BY j.seq
