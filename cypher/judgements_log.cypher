// Every judgement on duplicates, oldest first (an undo is an entry of its own).
MATCH (j:Judgement)
RETURN properties(j) AS j
ORDER BY j.seq
