// Every organization that shares an organized event with one of the given organizations.
UNWIND $ids AS id
MATCH (a:Organization {id: id})-[xa:ORGANIZED]->(e:Event)<-[xb:ORGANIZED]-(b:Organization)
WHERE b.id <> id
RETURN id AS a, b.id AS b, e.id AS event, e.startDate AS date, xa.sourceIds AS sa,
       xb.sourceIds AS sb
