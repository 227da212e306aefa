"""From a news item to proposed facts: known names found by a gazetteer, new names, and the
event, its organizers and speakers by rules kept as data. Nothing is written here."""

from ctgraph.extract.propose import ItemMeta, Proposer, known_actors, records_as_rows

__all__ = ["ItemMeta", "Proposer", "known_actors", "records_as_rows"]
