// What changed after a moment (UTC, ISO 8601, as the history keeps it): how many history
// entries each operation wrote, on entities and on relationships.
MATCH (c:Change)
WHERE c.at > $since
RETURN c.op AS op, c.otherId IS NOT NULL AS relationship, count(c) AS n
