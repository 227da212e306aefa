// Organizations whose parentId named the dropped record now name the kept one.
MATCH (o:Organization {parentId: $drop})
SET o.parentId = $keep
RETURN count(o) AS updated
