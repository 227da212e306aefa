// Node counts per label (an entity's labels are its type plus the shared Entity label).
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
