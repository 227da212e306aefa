// The merges kept for undoing, newest first ($drop: only those of one dropped id).
MATCH (m:MergeRecord)
WHERE $drop IS NULL OR m.drop = $drop
RETURN properties(m) AS m
ORDER BY m.seq DESC
