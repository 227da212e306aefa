// The review kept for a news item: by its Source's id, else by the hash of its text.
MATCH (r:Review)
WHERE r.sourceId = $sourceId OR r.sha256 = $sha256
RETURN properties(r) AS r
ORDER BY CASE WHEN r.sourceId = $sourceId THEN 0 ELSE 1 END, r.reviewedAt DESC
LIMIT 1
