// The stored PARTICIPATED_IN relationships between some pairs (from the event).
UNWIND $rows AS r
MATCH (b:Event {id: r.b})<-[x:PARTICIPATED_IN]-(a)
WHERE a.id = r.a
RETURN r.a AS a, r.b AS b, properties(x) AS props
