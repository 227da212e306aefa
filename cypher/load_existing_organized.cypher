// The stored ORGANIZED relationships between some pairs (from the event: it has few organizers).
UNWIND $rows AS r
MATCH (b:Event {id: r.b})<-[x:ORGANIZED]-(a)
WHERE a.id = r.a
RETURN r.a AS a, r.b AS b, properties(x) AS props
