"""The catalogue: what ctgraph asks of a graph, one method per behaviour, each running the
query file it is named for (`cypher/<name>.cypher`). Nobody else runs a query by name: the
routers, loaders, curation and benchmarks call these methods, and a backend (`GraphStore`)
only runs the named queries they pick."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ctgraph.core.vocabulary import (
    ENTITY_LABEL,
    ENTITY_RECORDS,
    NODE_LABELS,
    REL_RECORDS,
    REL_TYPES,
)

if TYPE_CHECKING:
    from ctgraph.store.base import WriteSummary

Params = dict[str, Any]
Record = dict[str, Any]


def _check_kind(kind: str, known: Mapping[str, object]) -> None:
    # Query names are built from a record type: only the vocabulary's are allowed.
    if kind not in known:
        raise ValueError(f"unknown record type {kind!r}; expected one of {sorted(known)}")


class Catalogue(ABC):
    """The named queries of ctgraph, over a backend's `query` and `write`."""

    @abstractmethod
    async def query(self, name: str, params: Params | None = None) -> list[Record]:
        """Run the named read query and return its records as plain dicts (the backend's)."""

    @abstractmethod
    async def write(self, name: str, params: Params | None = None) -> WriteSummary:
        """Run the named write query as one atomic statement (the backend's)."""

    async def single(self, name: str, params: Params | None = None) -> Record | None:
        """The first record of the named read query, or None."""
        rows = await self.query(name, params)
        return rows[0] if rows else None

    # -- reads: one method per behaviour, each named for its query file ----------------------

    @abstractmethod
    def fulltext(self, words: list[str]) -> str:
        """Normalized words as this database's fuzzy full-text query (its own syntax)."""

    @abstractmethod
    def fulltext_every(self, words: list[str]) -> str:
        """Normalized words as a full-text query that needs every word as it is (the last
        one as a prefix): the exact and prefix matches a fuzzy query can rank too low."""

    async def search(
        self, words: list[str], types: list[str], limit: int, every: bool = False
    ) -> list[Record]:
        """Entities whose name or alias matches the words (each of them, as typed, with
        `every`), best first: id, labels, name, aliases, otherNames, score."""
        if not words:
            return []
        q = self.fulltext_every(words) if every else self.fulltext(words)
        return await self.query("search", {"q": q, "types": types, "limit": limit})

    async def entity_record(self, entity_id: str, cap: int) -> Record | None:
        """One entity's properties, its relationships grouped by type and direction (at most
        `cap` a group, with totals) and the sources they cite."""
        return await self.single("entity_record", {"id": entity_id, "cap": cap})

    async def entity_get(self, entity_id: str) -> Record | None:
        """One entity's labels and properties."""
        return await self.single("entity_get", {"id": entity_id})

    async def redirect_get(self, entity_id: str) -> str | None:
        """The id a merged id now resolves to, if it was merged."""
        row = await self.single("redirect_get", {"id": entity_id})
        return str(row["targetId"]) if row and row["targetId"] else None

    async def organizations_list(self, params: Params) -> Record | None:
        """A page of organizations (`total`, `items`) by name, kind and country."""
        return await self.single("organizations_list", params)

    async def people_list(self, params: Params) -> Record | None:
        """A page of people (`total`, `items`) by name and country."""
        return await self.single("people_list", params)

    async def events_list(self, params: Params) -> Record | None:
        """A page of events (`total`, `items`) by name, kind, country, dates and organizer."""
        return await self.single("events_list", params)

    async def facets(self) -> tuple[Record | None, list[Record]]:
        """The year range of events, and each entity's labels, country and kind."""
        return await self.single("facets_years"), await self.query("facets_values")

    async def events_per_year(self) -> list[Record]:
        """How many events each year holds (`year` null: unknown)."""
        return await self.query("events_per_year")

    async def entity_hop(self, ids: list[str], cap: int, *, back: bool = True) -> list[Record]:
        """The relationships touching the given nodes (only those starting there when not
        `back`), at most `cap` per node, type and direction (the heaviest and latest first),
        each with the node at the far end as `far` and how many links of that type and direction
        its near node has (`total`)."""
        if not ids:
            return []
        out = await self.query("hop_out", {"ids": ids, "cap": cap})
        into = await self.query("hop_in", {"ids": ids, "cap": cap}) if back else []
        for r in out:
            r["far"], r["near"] = r["target"], r["source"]
        for r in into:
            r["far"], r["near"] = r["source"], r["target"]
        return out + into

    async def path_hop(self, ids: list[str], cap: int) -> list[Record]:
        """The links of a path search's frontier, at most `cap`."""
        return await self.query("path_hop", {"ids": ids, "cap": cap})

    async def path_edges(self, pairs: list[list[str]]) -> list[Record]:
        """The relationships between the given pairs of ids."""
        return await self.query("path_edges", {"pairs": pairs}) if pairs else []

    async def nodes_by_ids(self, ids: list[str]) -> list[Record]:
        """Labels and properties of the given nodes."""
        return await self.query("nodes_by_ids", {"ids": ids}) if ids else []

    async def sources_by_ids(self, ids: list[str]) -> list[Record]:
        """The given sources."""
        return await self.query("sources_by_ids", {"ids": ids}) if ids else []

    async def co_organization(self, country: str | None) -> list[Record]:
        """Every co-organization link, of organizations of `country` if given."""
        return await self.query("co_organization", {"country": country})

    async def event_dates(self, ids: list[str]) -> list[Record]:
        """The start dates of the given events."""
        return await self.query("event_dates", {"ids": ids}) if ids else []

    async def export_nodes(self) -> list[Record]:
        """Every node, for an export of the whole graph."""
        return await self.query("export_nodes")

    async def export_edges(self) -> list[Record]:
        """Every relationship, for an export of the whole graph."""
        return await self.query("export_edges")

    # -- the loaders' reads and writes -----------------------------------------------------

    async def load_count_entities(self) -> int:
        """How many entities the graph holds."""
        row = await self.single("load_count_entities")
        return int(row["count"]) if row else 0

    async def load_entity_index(self) -> list[Record]:
        """Every entity's id, labels, name keys and resolution fields, for matching a load."""
        return await self.query("load_entity_index")

    async def load_redirects(self) -> dict[str, str]:
        """Every merged id and the id it now resolves to."""
        return {r["id"]: r["targetId"] for r in await self.query("load_redirects")}

    async def part_of_links(self) -> list[tuple[str, str]]:
        """Every stored PART_OF link as (part, whole) ids."""
        return [(str(r["a"]), str(r["b"])) for r in await self.query("part_of_links")]

    async def load_entity_props(self, ids: list[str]) -> list[Record]:
        """The stored properties of the given entities (`id`, `props`)."""
        return await self.query("load_entity_props", {"ids": ids})

    async def load_existing(self, kind: str, pairs: list[Params]) -> list[Record]:
        """The stored relationships of one record type between the given pairs (`a`, `b`)."""
        _check_kind(kind, REL_RECORDS)
        return await self.query(f"load_existing_{kind}", {"rows": pairs})

    async def load_event_organizers(self, ids: list[str]) -> list[Record]:
        """The stored organizers of the given events, with their sources and the event's date."""
        return await self.query("load_event_organizers", {"ids": ids})

    async def load_rows(self, kind: str, rows: list[Params], *, new: bool = False) -> None:
        """Write one batch of records of one type: MERGEd, or CREATEd when all are `new`."""
        _check_kind(kind, {**ENTITY_RECORDS, **REL_RECORDS})
        if new:
            await self.write(f"load_new_{kind}", {"rows": rows})
        else:
            await self.write(f"load_{kind}", {"rows": rows})

    async def resolve_id(self, entity_id: str) -> str | None:
        """The id of the record an id names: itself, the record a merged id was merged into,
        or the record that holds it as an alternative id (an admin's own id for a record the
        loader matched by name); None when it names no record in the graph."""
        row = await self.single("load_resolve_id", {"id": entity_id})
        if row and row["id"]:
            return str(row["id"])
        row = await self.single("load_resolve_alt_id", {"id": entity_id})
        return str(row["id"]) if row and row["id"] else None

    async def history_write(self, changes: list[Params]) -> None:
        """Write history entries (`(:Change)` nodes) on their own."""
        if changes:
            await self.write("history_write", {"changes": changes})

    async def history_of(self, ids: list[str], limit: int, offset: int) -> tuple[int, list[Record]]:
        """The history entries of the given ids (as the entity or either end of a relationship),
        newest first: how many in all, and one page of them."""
        row = await self.single(
            "history_entity", {"ids": ids, "offset": offset, "end": offset + limit}
        )
        return (int(row["total"]), list(row["items"] or [])) if row else (0, [])

    async def history_latest(self) -> Record | None:
        """When the latest change was written (`at`, None in a graph never written) and how
        many writes the graph has had (`writes`)."""
        return await self.single("history_latest")

    async def history_since(self, since: str, cap: int) -> tuple[list[Record], list[Record]]:
        """What changed after `since`: entries per operation and per kind of record (entity or
        relationship), and the latest `cap` entries."""
        params = {"since": since, "cap": cap}
        return await self.query("history_since", params), await self.query(
            "history_since_items", params
        )

    async def source_facts(self, source_id: str, limit: int) -> tuple[Record, Record]:
        """The entities and the relationships that cite a source: each a total and the first
        `limit`."""
        params = {"id": source_id, "limit": limit}
        empty: Record = {"total": 0, "items": []}
        ents = await self.single("source_entities", params) or empty
        rels = await self.single("source_relationships", params) or empty
        return ents, rels

    async def history_aliases(self, entity_id: str) -> list[str]:
        """The merged ids that now resolve to an entity."""
        return [str(r["id"]) for r in await self.query("history_aliases", {"id": entity_id})]

    async def history_retracted(self, ids: list[str]) -> list[Record]:
        """The retractions recorded for the given ids (as entities or relationship starts)."""
        if not ids:
            return []
        return await self.query("history_retracted", {"ids": ids, "op": "retract"})

    async def retract_cited(self, source_id: str) -> int:
        """How many other records (entities and relationships) cite a source."""
        row = await self.single("retract_cited", {"id": source_id})
        return int(row["entities"]) + int(row["relationships"]) if row else 0

    async def retract_entity(self, entity_id: str, changes: list[Params]) -> int:
        """Delete an entity with its relationships, clearing the parentId of its parts, in the
        statement that writes the history entries given."""
        summary = await self.write("retract_entity", {"id": entity_id, "changes": changes})
        return summary.nodes_deleted

    async def retract_relationships(self, rows: list[Params]) -> int:
        """Delete relationships (`a`, `type`, `b`, an affiliation's `position`), each in the
        statement that writes its history entries (`changes`); a PART_OF also clears the part's
        parentId when `clearParent`."""
        summary = await self.write("retract_relationships", {"rows": rows})
        return summary.relationships_deleted

    # -- merging two records ----------------------------------------------------------------

    async def merge_entity(self, entity_id: str) -> Record | None:
        """An entity's labels and properties, for a merge."""
        return await self.single("merge_entity", {"id": entity_id})

    async def merge_redirect_of(self, entity_id: str) -> str | None:
        """The id an already merged id resolves to."""
        row = await self.single("merge_redirect_of", {"id": entity_id})
        return str(row["targetId"]) if row and row["targetId"] else None

    async def merge_rels(self, entity_id: str) -> list[tuple[Record, bool]]:
        """Every relationship of an entity, each with True when it starts there."""
        out = await self.query("merge_rels_out", {"id": entity_id})
        back = await self.query("merge_rels_in", {"id": entity_id})
        return [(r, True) for r in out] + [(r, False) for r in back]

    async def merge_redirect(self, keep: str, drop: str) -> None:
        """Leave DROP's id resolving to KEEP."""
        await self.write("merge_redirect", {"keep": keep, "drop": drop})

    async def merge_delete(self, keep: str, drop: str) -> None:
        """Remove the dropped record and point parents that named it at KEEP."""
        await self.write("merge_delete", {"drop": drop})
        await self.write("merge_parent_ids", {"keep": keep, "drop": drop})

    async def merge_event_organizers(self, entity_id: str) -> list[str]:
        """The ids of every organization that organized an event with this one."""
        return [r["id"] for r in await self.query("merge_event_organizers", {"id": entity_id})]

    async def merge_co_organizers(self, ids: list[str]) -> list[Record]:
        """The events the given organizations organized, with their organizers and sources."""
        return await self.query("merge_co_organizers", {"ids": ids})

    async def merge_co_links(self, ids: list[str]) -> list[Record]:
        """The stored co-organization links of the given organizations."""
        return await self.query("merge_co_links", {"ids": ids})

    async def co_shared_events(self, rows: list[Params]) -> list[Record]:
        """The events both organizations of each pair (`a`, `b`) organized, with the sources
        of their ORGANIZED links and the events' dates."""
        return await self.query("co_shared_events", {"rows": rows})

    async def merge_delete_co(self, rows: list[Params]) -> None:
        """Remove the given co-organization links (`a`, `b`)."""
        await self.write("merge_delete_co", {"rows": rows})

    # -- extraction ---------------------------------------------------------------------------

    async def extract_actors(self) -> list[Record]:
        """What extraction recognizes: every organization and person with its names (`type`,
        `id`, `name`, `aliases`, `otherNames`, `country`), every event with its date, place,
        occasion and `organizerIds`."""
        return await self.query("extract_actors")

    async def review_get(self, source_id: str, sha256: str) -> dict[str, Any] | None:
        """The review kept for a news item (by its Source id, else its text's hash), if any."""
        rows = await self.query("review_get", {"sourceId": source_id, "sha256": sha256})
        return dict(rows[0]["r"]) if rows else None

    async def review_write(self, props: Params) -> dict[str, Any]:
        """Keep a news item's review (`sourceId`, `sha256`, `rules`, `proposed`, `accepted`,
        `reviewedAt`, `by`), replacing the one before."""
        summary = await self.write("review_write", props)
        return dict(summary.records[0]["r"])

    # -- duplicates ---------------------------------------------------------------------------

    async def dedupe_entities(self) -> list[Record]:
        """Every entity's names and compared values (`type`, `id`, `name`, `aliases`,
        `otherNames`, `country`, `kind`, `parentId`, `wikidataId`, `sourceIds`, `date`,
        `monthDay`), sources included (for their dates)."""
        return await self.query("dedupe_entities")

    async def dedupe_edges(self) -> list[Record]:
        """The links shared neighbours are counted on: `a`, `type`, `b`."""
        return await self.query("dedupe_edges")

    async def judgements_log(self) -> list[dict[str, Any]]:
        """Every judgement entry, oldest first."""
        return [dict(r["j"]) for r in await self.query("judgements_log")]

    async def judgement_write(self, rows: list[Params]) -> list[dict[str, Any]]:
        """Append judgement entries; they come back numbered (`seq`)."""
        if not rows:
            return []
        summary = await self.write("judgement_write", {"rows": rows})
        return [dict(r["j"]) for r in summary.records]

    async def merge_record_write(self, props: Params) -> int:
        """Keep what a merge changed (for its undo); its number."""
        summary = await self.write("merge_record_write", {"props": props})
        return int(summary.records[0]["seq"])

    async def merge_records(self, drop: str | None = None) -> list[dict[str, Any]]:
        """The merges kept, newest first (only those that dropped `drop`, when given)."""
        return [dict(r["m"]) for r in await self.query("merge_records", {"drop": drop})]

    async def merge_record_undone(self, seq: int, at: str, by: str) -> None:
        """Mark a merge undone."""
        await self.write("merge_record_undone", {"seq": seq, "at": at, "by": by})

    # -- undoing a merge ----------------------------------------------------------------------

    async def merge_name_period(self, entity_id: str) -> list[str]:
        """The dates a record's name was seen on (its events, its sources), as stored."""
        row = await self.single("merge_name_period", {"id": entity_id})
        return [str(d) for d in (row or {}).get("dates") or []]

    async def merge_snapshot_refs(self, entity_id: str) -> Record:
        """The merged ids that redirect to a record and the parts that name it as parent."""
        return await self.single("merge_snapshot_refs", {"id": entity_id}) or {}

    async def unmerge_set_props(self, entity_id: str, props: Params) -> None:
        """Set a record's properties to exactly these."""
        await self.write("unmerge_set_props", {"id": entity_id, "props": props})

    async def unmerge_rels(
        self, delete: list[Params], update: list[Params], create: list[Params]
    ) -> None:
        """Relationships an undone merge deletes, sets back and gives back (`a`, `b`, `type`,
        `position`, `props` each)."""
        if delete:
            await self.write("unmerge_delete_rels", {"rows": delete})
        if update:
            await self.write("unmerge_set_rels", {"rows": update})
        if create:
            await self.write("unmerge_create_rels", {"rows": create})

    async def unmerge_refs(
        self, drop: str, keep: str, redirects: list[str], parts: list[str]
    ) -> None:
        """The merged ids and parts that named DROP before its merge name it again."""
        await self.write(
            "unmerge_refs", {"drop": drop, "keep": keep, "redirects": redirects, "parts": parts}
        )

    # -- benchmarks ---------------------------------------------------------------------------

    async def bench_names(self) -> list[str]:
        """Every entity's name (the API benchmark searches them)."""
        return [r["name"] for r in await self.query("bench_names")]

    async def bench_ids(self, kind: str) -> list[str]:
        """The ids of every record of one entity type (`organizations`, `people`, `events`)."""
        _check_kind(kind, {"organizations": 1, "people": 1, "events": 1})
        return [r["id"] for r in await self.query("bench_ids_" + kind)]

    async def stats(self) -> dict[str, dict[str, int]]:
        """Counts per node label and per relationship type."""
        labels = {r["label"]: int(r["count"]) for r in await self.query("stats_labels")}
        types = {r["type"]: int(r["count"]) for r in await self.query("stats_relationships")}
        nodes = {k: labels.get(k, 0) for k in NODE_LABELS}
        nodes.update({k: v for k, v in labels.items() if k not in nodes and k != ENTITY_LABEL})
        rels = {k: types.get(k, 0) for k in REL_TYPES}
        rels.update({k: v for k, v in types.items() if k not in rels})
        return {"nodes": nodes, "relationships": rels}
