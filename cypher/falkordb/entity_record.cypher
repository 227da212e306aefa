// FalkorDB: the subquery imports its variables with WITH (it has no `CALL (vars) {`).
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[r]-(m:Entity)
WITH n, r, m
ORDER BY coalesce(r.weight, 0) DESC, coalesce(m.startDate, '') DESC, m.id
WITH n, type(r) AS type, startNode(r).id = n.id AS outgoing, count(r) AS total,
     collect([r, m])[0..$cap] AS shown
WITH n, type, outgoing, total,
     [x IN shown | {
       props: properties(x[0]),
       node: {id: x[1].id, name: x[1].name, startDate: x[1].startDate,
              datePrecision: x[1].datePrecision, year: x[1].year, monthDay: x[1].monthDay,
              kind: x[1].kind, otherNames: x[1].otherNames}
     }] AS items
WITH n, collect({type: type, outgoing: outgoing, total: total, items: items}) AS groups
CALL {
  WITH n, groups
  UNWIND groups + [{items: [{props: {sourceIds: n.sourceIds}}]}] AS g
  UNWIND g.items AS x
  UNWIND coalesce(x.props.sourceIds, []) AS sourceId
  WITH DISTINCT sourceId
  MATCH (s:Source {id: sourceId})
  RETURN collect({id: s.id, name: s.name, publisher: s.publisher,
                  publishedDate: s.publishedDate, url: s.url}) AS sources
}
RETURN labels(n) AS labels, properties(n) AS props, groups, sources
