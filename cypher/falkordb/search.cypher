CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node, score
WHERE any(l IN labels(node) WHERE l IN $types)
RETURN node.id AS id, labels(node) AS labels, node.name AS name, node.aliases AS aliases,
       node.otherNames AS otherNames, score
ORDER BY score DESC, name LIMIT $limit
