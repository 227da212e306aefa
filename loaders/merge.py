"""`ctgraph merge KEEP DROP`: join two records that are one, and keep DROP's id resolving."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ctgraph.core.names import name_keys, search_text
from ctgraph.core.vocabulary import NODE, NODES, REL, RELATIONSHIPS, NodeType, RelType
from ctgraph.loaders.colinks import recompute_co
from ctgraph.loaders.history import Recorder, diff
from ctgraph.store.base import GraphStore

# Sources are never merged into one another: only these types are.
_KIND_OF_LABEL = {n.label.value: n.record for n in NODES if n.label is not NodeType.Source}
# Co-organization links are recomputed after a merge, not moved.
_KIND_OF_REL = {r.type.value: r.record for r in RELATIONSHIPS if r.record and not r.symmetric}
_END_FIELD = {
    r.type.value: (str(r.start_field), str(r.end_field)) for r in RELATIONSHIPS if r.record
}
_LIST_PROPS = tuple(
    p.name
    for p in NODE[NodeType.Organization].props
    if p.type == "texts" or p.type == "ids" or p.internal
)


class MergeError(Exception):
    """The two ids cannot be merged; the message says why."""


def _label(row: dict[str, Any]) -> str:
    return next((lb for lb in row["labels"] if lb != "Entity"), "Entity")


def merged_props(keep: dict[str, Any], drop: dict[str, Any]) -> dict[str, Any]:
    """KEEP's properties with DROP's name and aliases as aliases, the union of the sources, and
    DROP's values where KEEP has none."""
    props = dict(keep)
    for name, value in drop.items():
        if name not in _LIST_PROPS and name != "id":
            props.setdefault(name, value)
    aliases: dict[str, None] = {}
    for alias in [*(keep.get("aliases") or []), drop["name"], *(drop.get("aliases") or [])]:
        if alias != keep["name"]:
            aliases.setdefault(alias, None)
    props["aliases"] = list(aliases)
    props["sourceIds"] = sorted({*(keep.get("sourceIds") or []), *(drop.get("sourceIds") or [])})
    alt = {*(keep.get("altIds") or []), *(drop.get("altIds") or [])}
    if alt:
        props["altIds"] = sorted(alt)
    names = [props["name"], *props["aliases"]]
    props["nameKeys"] = name_keys(names)
    props["searchText"] = search_text(names)
    return props


def _because(keep: str, drop: str) -> str:
    return f"{drop} was merged into {keep}"


async def _move_relationships(store: GraphStore, keep: str, drop: str, recorder: Recorder) -> int:
    moved: dict[str, list[dict[str, Any]]] = defaultdict(list)
    explicit: list[dict[str, Any]] = []
    because = _because(keep, drop)
    for row, outgoing in await store.merge_rels(drop):
        if row["other"] in (keep, drop):
            continue  # a link between the two records disappears with the merge
        if row["type"] == "CO_ORGANIZED_WITH":
            if row["props"].get("explicit"):
                explicit.append({"other": row["other"], "props": row["props"]})
            continue
        kind = _KIND_OF_REL.get(row["type"])
        if kind is None:
            continue  # MENTIONED_IN / REPORTED_IN follow KEEP's sourceIds
        a, b = (keep, row["other"]) if outgoing else (row["other"], keep)
        moved[kind].append(
            {"a": a, "b": b, "props": row["props"], "type": row["type"], "outgoing": outgoing}
        )
    count = 0
    for kind, rows in moved.items():
        existing = await store.load_existing(kind, rows)
        have = {(r["a"], r["b"], r["props"].get("position")): r["props"] for r in existing}
        for row in rows:
            old = have.get((row["a"], row["b"], row["props"].get("position")))
            rtype = row.pop("type")
            end = _END_FIELD[rtype][0 if row.pop("outgoing") else 1]
            changes = {end: [drop, keep]}
            if old is not None:
                sources = {*(old.get("sourceIds") or []), *(row["props"].get("sourceIds") or [])}
                merged = {**row["props"], **old, "sourceIds": sorted(sources)}
                changes |= diff(old, merged)
                row["props"] = merged
            key = row["props"].get("position") if REL[RelType(rtype)].key else None
            entry = recorder.entry(
                "merge", kind, row["a"], changes, other=row["b"], rel_type=rtype, key=key,
                reason=because, sources=row["props"].get("sourceIds"),
            )  # fmt: skip
            row["changes"] = [entry]
        await store.load_rows(kind, rows)
        count += len(rows)
    await store.merge_delete(keep, drop)
    return count + len(explicit) + await _recompute_co(store, keep, drop, explicit)


async def _recompute_co(
    store: GraphStore, keep: str, drop: str, explicit: list[dict[str, Any]]
) -> int:
    """Exact CO_ORGANIZED_WITH for the organizations the merge touched."""
    row = await store.merge_entity(keep)
    if row is None:
        return 0
    if _label(row) == "Organization":
        orgs = [keep]
    elif _label(row) == "Event":
        orgs = await store.merge_event_organizers(keep)
    else:
        return 0
    return await recompute_co(store, orgs, rename={drop: keep}, extra=explicit)


async def merge_entities(
    store: GraphStore, keep: str, drop: str, recorder: Recorder | None = None
) -> dict[str, int]:
    """Merge DROP into KEEP: relationships, aliases and sources move to KEEP; a Redirect keeps
    DROP resolving. One unit of work: readers see both records or the merged one, never a
    half merge. Both records' histories tell of it: KEEP's what it gained, DROP's its whole
    content."""
    async with store.atomic() as unit:
        return await _merge(unit, keep, drop, recorder or Recorder())


async def _merge(store: GraphStore, keep: str, drop: str, recorder: Recorder) -> dict[str, int]:
    if keep == drop:
        raise MergeError("KEEP and DROP are the same id")
    kept = await store.merge_entity(keep)
    if kept is None:
        raise MergeError(f"{keep!r} is not in the graph")
    dropped = await store.merge_entity(drop)
    if dropped is None:
        if await store.merge_redirect_of(drop) == keep:
            return {"relationships": await _recompute_co(store, keep, drop, [])}
        raise MergeError(f"{drop!r} is not in the graph")
    label = _label(kept)
    if label != _label(dropped):
        raise MergeError(
            f"{keep!r} is a {label} and {drop!r} a {_label(dropped)}: "
            "only records of one type can be merged"
        )
    kind = _KIND_OF_LABEL.get(label)
    if kind is None:
        raise MergeError(f"records of type {label} cannot be merged")
    because = _because(keep, drop)
    # DROP's content first, so that no interruption loses it without a trace.
    gone = recorder.entry(
        "merge", kind, drop, diff(dropped["props"], None), reason=because, target=keep,
        sources=dropped["props"].get("sourceIds"),
    )  # fmt: skip
    await store.history_write([gone])
    await store.merge_redirect(keep, drop)
    props = merged_props(kept["props"], dropped["props"])
    gained = recorder.entry(
        "merge", kind, keep, diff(kept["props"], props), reason=because,
        sources=dropped["props"].get("sourceIds"),
    )  # fmt: skip
    await store.load_rows(kind, [{"id": keep, "props": props, "changes": [gained]}])
    return {"relationships": await _move_relationships(store, keep, drop, recorder)}
