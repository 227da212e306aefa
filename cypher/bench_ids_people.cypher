// Every id of the label: the benchmark picks among them uniformly.
MATCH (n:Person) RETURN n.id AS id
