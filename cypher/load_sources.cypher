// Create or update Source nodes (props are the full desired state computed by the loader).
UNWIND $rows AS r
MERGE (n:Entity:Source {id: r.id})
SET n += r.props
