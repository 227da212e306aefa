// One hop of the path search between actors: relationships to sources are not paths.
// (Named types, not `WHERE NOT m:Source`, which FalkorDB answers by scanning every node.)
UNWIND $ids AS cid
MATCH (a:Entity {id: cid})-[:ORGANIZED|PARTICIPATED_IN|AFFILIATED_WITH|PART_OF|CO_ORGANIZED_WITH]-(m:Entity)
RETURN DISTINCT a.id AS near, m.id AS far
LIMIT $cap
