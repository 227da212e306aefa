// Relationships an undone merge gives back, with exactly their properties (one type per row;
// a type cannot be a parameter, so each has its branch).
UNWIND $rows AS r
MATCH (a:Entity {id: r.a})
MATCH (b:Entity {id: r.b})
FOREACH (_ IN CASE WHEN r.type = 'ORGANIZED' THEN [1] ELSE [] END |
  CREATE (a)-[x:ORGANIZED]->(b) SET x = r.props)
FOREACH (_ IN CASE WHEN r.type = 'PARTICIPATED_IN' THEN [1] ELSE [] END |
  CREATE (a)-[x:PARTICIPATED_IN]->(b) SET x = r.props)
FOREACH (_ IN CASE WHEN r.type = 'AFFILIATED_WITH' THEN [1] ELSE [] END |
  CREATE (a)-[x:AFFILIATED_WITH]->(b) SET x = r.props)
FOREACH (_ IN CASE WHEN r.type = 'PART_OF' THEN [1] ELSE [] END |
  CREATE (a)-[x:PART_OF]->(b) SET x = r.props)
FOREACH (_ IN CASE WHEN r.type = 'CO_ORGANIZED_WITH' THEN [1] ELSE [] END |
  CREATE (a)-[x:CO_ORGANIZED_WITH]->(b) SET x = r.props)
FOREACH (_ IN CASE WHEN r.type = 'REPORTED_IN' THEN [1] ELSE [] END |
  CREATE (a)-[x:REPORTED_IN]->(b) SET x = r.props)
FOREACH (_ IN CASE WHEN r.type = 'MENTIONED_IN' THEN [1] ELSE [] END |
  CREATE (a)-[x:MENTIONED_IN]->(b) SET x = r.props)
RETURN count(*) AS created
