// The data's generation: when the latest change was written, and how many writes (loads,
// merges, retractions) the graph has had.
MATCH (c:Change)
RETURN max(c.at) AS at, count(DISTINCT c.batch) AS writes
