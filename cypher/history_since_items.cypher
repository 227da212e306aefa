// The latest `$cap` history entries written after a moment, newest first.
MATCH (c:Change)
WHERE c.at > $since
WITH c
ORDER BY c.at DESC, c.seq DESC
LIMIT $cap
RETURN properties(c) AS entry
