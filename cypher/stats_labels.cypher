// Node counts per label (an entity's labels are its type plus the shared Entity label);
// history entries (Change), judgements of duplicates and the merges kept for undoing are
// not part of the network.
MATCH (n)
WHERE NOT n:Change AND NOT n:Judgement AND NOT n:MergeRecord
UNWIND labels(n) AS label
RETURN label, count(*) AS count
