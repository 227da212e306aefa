// The ends and type of the relationships starting at the given nodes, without properties
// (a tenth of the cost): a neighbourhood keeps those among its farthest hop, whose links among
// themselves no hop fetched, and reads their properties by pair.
UNWIND $ids AS cid
MATCH (a:Entity {id: cid})-[r]->(b:Entity)
RETURN a.id AS source, type(r) AS type, b.id AS target
