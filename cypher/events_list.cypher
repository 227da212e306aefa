MATCH (n:Event)
WHERE ($q IS NULL OR any(k IN n.nameKeys WHERE k CONTAINS $q))
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($country IS NULL OR n.country = $country)
  AND ($from IS NULL OR n.startDate >= $from)
  AND ($to IS NULL OR n.startDate <= $to)
  AND ($organizer IS NULL OR (n)<-[:ORGANIZED]-(:Organization {id: $organizer}))
WITH n ORDER BY n.startDate, n.name, n.id
WITH collect(properties(n)) AS found
RETURN size(found) AS total, found[$offset..($offset + $limit)] AS items
