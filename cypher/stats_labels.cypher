// Node counts per label (an entity's labels are its type plus the shared Entity label);
// history entries (Change) are not part of the network.
MATCH (n)
WHERE NOT n:Change
UNWIND labels(n) AS label
RETURN label, count(*) AS count
