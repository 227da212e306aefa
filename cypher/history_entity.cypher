// The history entries of some ids (each an entity, or either end of a relationship), newest
// first: how many in all, and one page of them.
MATCH (c:Change)
WHERE c.entityId IN $ids OR c.otherId IN $ids
WITH c
ORDER BY c.at DESC, c.seq DESC
WITH collect(properties(c)) AS entries
RETURN size(entries) AS total, entries[$offset..$end] AS items
