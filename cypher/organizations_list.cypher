MATCH (n:Organization)
WHERE ($q IS NULL OR any(k IN n.nameKeys WHERE k CONTAINS $q))
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($country IS NULL OR n.country = $country)
WITH n ORDER BY n.name, n.id
WITH collect(properties(n)) AS found
RETURN size(found) AS total, found[$offset..($offset + $limit)] AS items
