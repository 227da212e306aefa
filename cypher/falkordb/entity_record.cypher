// FalkorDB: the subquery imports its variables with WITH (it has no `CALL (vars) {`).
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[r]-(m:Entity)
WITH n, collect(CASE WHEN r IS NULL THEN null ELSE {
  outgoing: startNode(r).id = n.id,
  type: type(r),
  props: properties(r),
  node: {id: m.id, name: m.name, startDate: m.startDate, datePrecision: m.datePrecision,
         year: m.year, monthDay: m.monthDay, kind: m.kind}
} END) AS rels
CALL {
  WITH n, rels
  UNWIND reduce(ids = coalesce(n.sourceIds, []), x IN rels | ids + coalesce(x.props.sourceIds, []))
    AS sourceId
  WITH DISTINCT sourceId
  MATCH (s:Source {id: sourceId})
  RETURN collect({id: s.id, name: s.name, publisher: s.publisher,
                  publishedDate: s.publishedDate, url: s.url}) AS sources
}
RETURN labels(n) AS labels, properties(n) AS props, rels, sources
