MATCH (s:Source) WHERE s.id IN $ids RETURN properties(s) AS props
