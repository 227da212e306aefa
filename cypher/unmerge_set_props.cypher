// A record's properties set back to exactly these (an undone merge).
MATCH (n:Entity {id: $id})
SET n = $props
RETURN count(n) AS set
