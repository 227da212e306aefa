// How many events each year holds (year null: the year is unknown), for the time axis.
MATCH (e:Event)
RETURN e.year AS year, count(e) AS events
ORDER BY year
