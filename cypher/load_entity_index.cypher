// Every entity's id, labels and resolution keys: what a load resolves names and ids against
// (alternative ids included: an admin's own ids of records the loader matched by name).
MATCH (n:Entity)
RETURN n.id AS id, labels(n) AS labels, n.nameKeys AS keys, n.startDate AS startDate,
       n.monthDay AS monthDay, n.url AS url, n.publishedDate AS publishedDate,
       n.altIds AS altIds
