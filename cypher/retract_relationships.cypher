// Retract relationships of any type (`r.type`; an affiliation by its position), each in the
// statement that writes its history entries; a retracted PART_OF also clears the part's
// parentId when the loader found it naming the parent (`r.clearParent`).
UNWIND $rows AS r
MATCH (a:Entity {id: r.a})-[x]->(b:Entity {id: r.b})
WHERE type(x) = r.type AND (r.position IS NULL OR x.position = r.position)
FOREACH (ch IN r.changes | CREATE (c:Change) SET c = ch)
FOREACH (p IN CASE WHEN r.clearParent THEN [a] ELSE [] END | REMOVE p.parentId)
DELETE x
RETURN count(*) AS retracted
