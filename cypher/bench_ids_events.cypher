// Every id of the label: the benchmark picks among them uniformly.
MATCH (n:Event) RETURN n.id AS id
