// The organizers of one event.
MATCH (e:Event {id: $id})<-[:ORGANIZED]-(o:Organization)
RETURN o.id AS id
