// Who organized some events, with the sources of each ORGANIZED link.
UNWIND $ids AS id
MATCH (e:Event {id: id})<-[x:ORGANIZED]-(o:Organization)
RETURN e.id AS event, e.startDate AS date, o.id AS org, x.sourceIds AS sourceIds
