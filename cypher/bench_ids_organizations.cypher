// Every id of the label: the benchmark picks among them uniformly.
MATCH (n:Organization) RETURN n.id AS id
