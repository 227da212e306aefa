// What extraction recognizes in a news item: every organization and person with all its names,
// and every event with its date, place and organizers (to propose an item's event as one the
// graph already holds).
MATCH (n:Entity)
WHERE n:Organization OR n:Person OR n:Event
OPTIONAL MATCH (o:Organization)-[:ORGANIZED]->(n)
WITH n, collect(o.id) AS organizerIds
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS type, n.id AS id, n.name AS name,
       n.aliases AS aliases, n.otherNames AS otherNames, n.country AS country,
       n.kind AS kind, n.startDate AS startDate, n.endDate AS endDate,
       n.datePrecision AS datePrecision, n.monthDay AS monthDay, n.city AS city,
       n.venue AS venue, n.occasion AS occasion,
       n.participantsCount AS participantsCount, organizerIds
