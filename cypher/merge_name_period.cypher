// The dates a record's name was seen on: its events' (or, for an event, its own) and the
// publication dates of the sources that cite it.
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[:ORGANIZED|PARTICIPATED_IN]->(e:Event)
WITH n, collect(e.startDate) + [n.startDate] AS dates
OPTIONAL MATCH (s:Source)
WHERE s.id IN coalesce(n.sourceIds, [])
WITH dates, collect(s.publishedDate) AS published
RETURN [d IN dates + published WHERE d IS NOT NULL] AS dates
