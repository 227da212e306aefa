MATCH (e:Event) WHERE e.id IN $ids RETURN e.id AS id, e.startDate AS startDate
