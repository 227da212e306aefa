// What the duplicate scorer compares: every organization, person and event with its names and
// the values that agree or conflict, and every source's date (for the periods names were used).
MATCH (n:Entity)
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS type, n.id AS id, n.name AS name,
       n.aliases AS aliases, n.otherNames AS otherNames, n.country AS country, n.kind AS kind,
       n.parentId AS parentId, n.wikidataId AS wikidataId, n.sourceIds AS sourceIds,
       coalesce(n.startDate, n.publishedDate) AS date, n.monthDay AS monthDay
