MATCH (e:Event) WHERE e.year IS NOT NULL RETURN min(e.year) AS lo, max(e.year) AS hi
