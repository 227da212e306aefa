// The entities that cite a source, by id: how many, and the first `$limit`.
MATCH (n:Entity)
WHERE $id IN n.sourceIds AND n.id <> $id
WITH n
ORDER BY n.id
WITH collect({id: n.id, labels: labels(n), name: n.name}) AS found
RETURN size(found) AS total, found[0..$limit] AS items
