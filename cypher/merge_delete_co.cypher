// Remove co-organization links whose organizations no longer share an event (either direction).
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})-[c:CO_ORGANIZED_WITH]-(b:Organization {id: r.b})
DELETE c
RETURN count(*) AS deleted
