"""Every named query the loaders run (some names are built from a record type)."""

from __future__ import annotations

from ctgraph.core.vocabulary import ENTITY_RECORDS, REL_RECORDS

ENTITY_KINDS = tuple(ENTITY_RECORDS)
REL_KINDS = tuple(REL_RECORDS)

QUERIES: tuple[str, ...] = (
    "load_count_entities",
    "load_entity_index",
    "load_redirects",
    "load_entity_props",
    "load_event_organizers",
    *(f"load_{k}" for k in (*ENTITY_KINDS, *REL_KINDS)),
    *(f"load_new_{k}" for k in (*ENTITY_KINDS, *REL_KINDS)),
    *(f"load_existing_{k}" for k in REL_KINDS),
    "merge_entity",
    "merge_redirect_of",
    "merge_rels_out",
    "merge_rels_in",
    "merge_redirect",
    "merge_delete",
    "merge_parent_ids",
    "merge_co_organizers",
    "merge_co_links",
    "merge_delete_co",
    "merge_event_organizers",
    "load_resolve_id",
    "load_resolve_alt_id",
    # A merge's undo keeps what it changed; the names it dates.
    "merge_name_period",
    "merge_snapshot_refs",
    "merge_record_write",
    "merge_records",
    "merge_record_undone",
)
