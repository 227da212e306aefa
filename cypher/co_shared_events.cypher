// The events both organizations of each pair organized, with their ORGANIZED links' sources
// (both ends bound first, so only the pair's own events are read).
UNWIND $rows AS r
MATCH (a:Organization {id: r.a})
MATCH (b:Organization {id: r.b})
WITH a, b, r
MATCH (a)-[xa:ORGANIZED]->(e:Event)<-[xb:ORGANIZED]-(b)
RETURN r.a AS a, r.b AS b, e.id AS event, e.startDate AS date, xa.sourceIds AS sa,
       xb.sourceIds AS sb
