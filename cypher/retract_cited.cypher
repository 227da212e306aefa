// How many other records cite a source: entities (linked to it) and relationships.
OPTIONAL MATCH (n:Entity)-[:MENTIONED_IN|REPORTED_IN]->(:Source {id: $id})
WITH count(n) AS entities
OPTIONAL MATCH (a)-[r]->(b)
WHERE $id IN r.sourceIds AND b.id <> $id
RETURN entities, count(r) AS relationships
