// Keep the review of a news item (one per Source): the hash of its text, the rules' version,
// the records as proposed and as accepted (JSON text), when and by whom.
MERGE (r:Review {sourceId: $sourceId})
SET r.sha256 = $sha256,
    r.rules = $rules,
    r.proposed = $proposed,
    r.accepted = $accepted,
    r.reviewedAt = $reviewedAt,
    r.by = $by
RETURN properties(r) AS r
