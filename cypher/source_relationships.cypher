// The relationships that cite a source among their sources (not the links to the source
// itself): how many, and the first `$limit`, by type and ends.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE $id IN r.sourceIds AND b.id <> $id
WITH a, r, b
ORDER BY type(r), a.id, b.id
WITH collect({source: a.id, sourceName: a.name, sourceLabels: labels(a), type: type(r),
              target: b.id, targetName: b.name, targetLabels: labels(b),
              props: properties(r)}) AS found
RETURN size(found) AS total, found[0..$limit] AS items
