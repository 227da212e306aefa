"""Curation: what is done to facts once they are in the graph. Merging records and undoing
merges, judgements on duplicates, the history of every change, and the one rule that derives
co-organization links, which every writer applies."""
