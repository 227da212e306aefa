// Node counts per label (an entity's labels are its type plus the shared Entity label);
// history entries (Change), judgements of duplicates, the merges kept for undoing, reviews of
// news items and Neo4j's writer lock are not part of the network.
MATCH (n)
WHERE NOT n:Change AND NOT n:Judgement AND NOT n:MergeRecord AND NOT n:Review AND NOT n:WriteLock
UNWIND labels(n) AS label
RETURN label, count(*) AS count
