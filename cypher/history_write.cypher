// Write history entries on their own (a merge's, before the change they record).
UNWIND $changes AS ch
CREATE (c:Change)
SET c = ch
