"""`ctgraph merge KEEP DROP`: join two records that are one, and keep DROP's id resolving."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ctgraph.core.clock import now
from ctgraph.core.errors import Unprocessable
from ctgraph.core.names import index_names, other_names
from ctgraph.core.vocabulary import NODE, NODES, REL, RELATIONSHIPS, NodeType, RelType
from ctgraph.curation.colinks import Pair, pair_of, recompute_co, stated
from ctgraph.curation.history import Recorder, diff
from ctgraph.curation.judgements import undo_ties
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


class MergeError(Unprocessable):
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
    return index_names(props)


def _moves(rels: Iterable[dict[str, Any]], keep: str, drop: str) -> dict[str, int]:
    """DROP's relationships that a merge gives to KEEP, by type: what a preview announces and
    a merge reports (links between the two go; mentions follow the sources)."""
    moves: dict[str, int] = defaultdict(int)
    for r in rels:
        if r["other"] not in (keep, drop) and r["type"] != "MENTIONED_IN":
            moves[r["type"]] += 1
    return dict(sorted(moves.items()))


def _because(keep: str, drop: str) -> str:
    return f"{drop} was merged into {keep}"


async def _move_relationships(store: GraphStore, keep: str, drop: str, recorder: Recorder) -> int:
    """DROP's relationships given to KEEP (their histories told), DROP removed, and the
    co-organization links made to follow the rule again: how many of those changed."""
    moved: dict[str, list[dict[str, Any]]] = defaultdict(list)
    explicit: list[tuple[Pair, set[str], set[str]]] = []
    because = _because(keep, drop)
    for row, outgoing in await store.merge_rels(drop):
        if row["other"] in (keep, drop):
            continue  # a link between the two records disappears with the merge
        if row["type"] == "CO_ORGANIZED_WITH":
            if row["props"].get("explicit"):
                explicit.append((pair_of(keep, row["other"]), *stated(row["props"])))
            continue
        kind = _KIND_OF_REL.get(row["type"])
        if kind is None:
            continue  # MENTIONED_IN / REPORTED_IN follow KEEP's sourceIds
        a, b = (keep, row["other"]) if outgoing else (row["other"], keep)
        moved[kind].append(
            {"a": a, "b": b, "props": row["props"], "type": row["type"], "outgoing": outgoing}
        )
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
    await store.merge_delete(keep, drop)
    return await _recompute_co(store, keep, drop, explicit)


async def _recompute_co(
    store: GraphStore, keep: str, drop: str, explicit: list[tuple[Pair, set[str], set[str]]]
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
    changes = await recompute_co(store, orgs, rename={drop: keep}, extra=explicit)
    return changes.changed


async def merge_entities(
    store: GraphStore,
    keep: str,
    drop: str,
    recorder: Recorder | None = None,
    *,
    by: str = "admin",
) -> dict[str, Any]:
    """Merge DROP into KEEP: relationships, aliases and sources move to KEEP; a Redirect keeps
    DROP resolving. One unit of work: readers see both records or the merged one, never a
    half merge. Both records' histories tell of it: KEEP's what it gained, DROP's its whole
    content."""
    async with store.atomic() as unit:
        return await _merge(unit, keep, drop, recorder or Recorder(), by)


async def _two(store: GraphStore, keep: str, drop: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both records, checked: they exist and are of one type that merges."""
    if keep == drop:
        raise MergeError("KEEP and DROP are the same id")
    kept = await store.merge_entity(keep)
    if kept is None:
        raise MergeError(f"{keep!r} is not in the graph")
    dropped = await store.merge_entity(drop)
    if dropped is None:
        target = await store.merge_redirect_of(drop)
        if target is not None:
            raise MergeError(f"{drop!r} is already merged into {target!r}")
        raise MergeError(f"{drop!r} is not in the graph")
    label = _label(kept)
    if label != _label(dropped):
        raise MergeError(
            f"{keep!r} is a {label} and {drop!r} a {_label(dropped)}: "
            "only records of one type can be merged"
        )
    if _KIND_OF_LABEL.get(label) is None:
        raise MergeError(f"records of type {label} cannot be merged")
    return kept, dropped


async def _merge(
    store: GraphStore, keep: str, drop: str, recorder: Recorder, by: str = "admin"
) -> dict[str, Any]:
    if keep != drop and await store.merge_entity(drop) is None:
        if (
            await store.merge_entity(keep) is not None
            and await store.merge_redirect_of(drop) == keep
        ):
            # Already merged (a rerun): only the co-organization links are made exact.
            co = await _recompute_co(store, keep, drop, [])
            return {"relationships": 0, "moves": {}, "coLinks": co}
    kept, dropped = await _two(store, keep, drop)
    label = _label(kept)
    kind = _KIND_OF_LABEL[label]
    because = _because(keep, drop)
    before = await _snapshot(store, keep, drop, label)
    # DROP's content first, so that no interruption loses it without a trace.
    gone = recorder.entry(
        "merge", kind, drop, diff(dropped["props"], None), reason=because, target=keep,
        sources=dropped["props"].get("sourceIds"),
    )  # fmt: skip
    await store.history_write([gone])
    await store.merge_redirect(keep, drop)
    props = merged_props(kept["props"], dropped["props"])
    names = dated_names(kept["props"], dropped["props"], await name_period(store, drop))
    if names:
        props["otherNames"] = json.dumps(names, ensure_ascii=False)
        index_names(props)
    gained = recorder.entry(
        "merge", kind, keep, diff(kept["props"], props), reason=because,
        sources=dropped["props"].get("sourceIds"),
    )  # fmt: skip
    await store.load_rows(kind, [{"id": keep, "props": props, "changes": [gained]}])
    moves = _moves(before["dropRels"], keep, drop)
    co_changed = await _move_relationships(store, keep, drop, recorder)
    after = await _after(store, keep, before["touched"])
    seq = await store.merge_record_write(
        {
            "keep": keep, "drop": drop, "kind": kind, "at": now(), "by": by,
            "snapshot": json.dumps({**before, **after}, ensure_ascii=False, sort_keys=True),
        }
    )  # fmt: skip
    return {
        "relationships": sum(moves.values()), "moves": moves, "coLinks": co_changed,
        "merge": seq,
    }  # fmt: skip


# -- dated names, preview, and undo -------------------------------------------------------------


async def name_period(store: GraphStore, entity_id: str) -> tuple[str | None, str | None]:
    """The first and last dates a record's name was seen on (its events, its sources)."""
    dates = sorted(d for d in await store.merge_name_period(entity_id) if d[:1].isdigit())
    return (dates[0], dates[-1]) if dates else (None, None)


def dated_names(
    keep: dict[str, Any], drop: dict[str, Any], period: tuple[str | None, str | None]
) -> list[dict[str, Any]]:
    """KEEP's dated names, DROP's, and DROP's name with the period it was used in (from its
    events and sources), each name once (the first dates given win)."""
    out: dict[str, dict[str, Any]] = {}
    mine = {"name": drop["name"]}
    if period[0]:
        mine |= {"startDate": period[0], "endDate": period[1]}
    for o in [*other_names(keep.get("otherNames")), *other_names(drop.get("otherNames")), mine]:
        if o["name"] != keep["name"]:
            out.setdefault(o["name"], o)
    return list(out.values())


def _rel_key(row: dict[str, Any], outgoing: bool) -> str:
    position = row["props"].get("position") if row["type"] == "AFFILIATED_WITH" else None
    return json.dumps([row["type"], row["other"], outgoing, position])


async def _rels(store: GraphStore, entity_id: str) -> dict[str, Any]:
    """Every relationship of a record but co-organization, by identity, with its props."""
    return {
        _rel_key(r, out): r["props"]
        for r, out in await store.merge_rels(entity_id)
        if r["type"] != "CO_ORGANIZED_WITH"
    }


async def _co(store: GraphStore, orgs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in await store.merge_co_links(orgs):
        out[json.dumps(sorted([r["a"], r["b"]]))] = r["props"]
    return out


async def _snapshot(store: GraphStore, keep: str, drop: str, label: str) -> dict[str, Any]:
    """What a merge will change, read before it starts."""
    if label == "Organization":
        touched = [keep, drop]
    else:
        touched = sorted(
            {*await store.merge_event_organizers(keep), *await store.merge_event_organizers(drop)}
        ) if label == "Event" else []  # fmt: skip
    refs = await store.merge_snapshot_refs(drop)
    dropped = await store.merge_entity(drop) or {}
    kept = await store.merge_entity(keep) or {}
    return {
        "label": label,
        "touched": touched,
        "dropProps": dropped.get("props"),
        "dropRels": [
            {"type": r["type"], "other": r["other"], "outgoing": out, "props": r["props"]}
            for r, out in await store.merge_rels(drop)
        ],
        "keepBefore": kept.get("props"),
        "keepRelsBefore": await _rels(store, keep),
        "coBefore": await _co(store, touched),
        "redirects": list(refs.get("redirects") or []),
        "parts": list(refs.get("parts") or []),
    }


async def _after(store: GraphStore, keep: str, touched: list[str]) -> dict[str, Any]:
    kept = await store.merge_entity(keep) or {}
    return {
        "keepAfter": kept.get("props"),
        "keepRelsAfter": await _rels(store, keep),
        "coAfter": await _co(store, [t for t in touched if t != keep] + [keep]),
    }


async def preview(store: GraphStore, keep: str, drop: str) -> dict[str, Any]:
    """What merging DROP into KEEP would do, without doing it: the relationships that move
    (per type), the properties whose values conflict (KEEP's value stays), and the names."""
    kept, dropped = await _two(store, keep, drop)
    moves = _moves((r for r, _ in await store.merge_rels(drop)), keep, drop)
    kp, dp = kept["props"], dropped["props"]
    conflicts = [
        {"field": k, "keep": kp[k], "drop": dp[k]}
        for k in sorted(kp.keys() & dp.keys())
        if k not in _LIST_PROPS and k not in ("id", "name", "otherNames") and kp[k] != dp[k]
    ]
    props = merged_props(kp, dp)
    names = dated_names(kp, dp, await name_period(store, drop))
    return {
        "keep": {"id": keep, "type": _label(kept), "name": kp.get("name")},
        "drop": {"id": drop, "type": _label(dropped), "name": dp.get("name")},
        "moves": moves,
        "relationships": sum(moves.values()),
        "conflicts": conflicts,
        "names": names,
        "result": {
            "name": props["name"],
            "aliases": props["aliases"],
            "otherNames": names,
            "sourceIds": props["sourceIds"],
        },
    }


# Links the dropped record gets back with itself (its sources'), or restored apart.
_WITH_RECORD = ("CO_ORGANIZED_WITH", "MENTIONED_IN", "REPORTED_IN")


def _without_added(key: str, before: Any, after: Any, now: Any) -> Any:
    """A list property changed since the merge: its items now, without those the merge added
    (`otherNames`, stored as JSON, by name)."""
    if key == "otherNames" and isinstance(now, str):
        had = {o["name"] for o in other_names(before)}
        added = {o["name"] for o in other_names(after)} - had
        kept = [o for o in other_names(now) if o["name"] not in added]
        return json.dumps(kept, ensure_ascii=False) if kept else None
    if isinstance(now, list):
        added = set(after or []) - set(before or [])
        kept_items = [x for x in now if x not in added]
        return kept_items if kept_items or before is not None else None
    return now


def _three_way(before: Any, after: Any, current: Any) -> tuple[bool, Any]:
    """What an undo sets a value to: its value before the merge when nothing changed it since
    (`True`, before), else it stays as it is now (`False`, current)."""
    if current == after:
        return True, before
    return False, current


async def unmerge(store: GraphStore, drop: str, *, by: str = "admin") -> dict[str, Any]:
    """Undo the latest merge of DROP, in any order of merges: the dropped record comes back
    with its properties and relationships as they were, KEEP loses what the merge gave it, the
    merged ids and parts that named DROP name it again, and the co-organization links of every
    organization involved follow the rule again. What changed on KEEP after the merge stays,
    and a fact retracted since does not come back. The "same" judgements that tied DROP to
    KEEP's group are undone with it, so `dedupe apply` does not merge it again. One unit of
    work; refused (MergeError, saying why) when it cannot be exact."""
    async with store.atomic() as unit:
        return await _unmerge(unit, drop, by, Recorder())


async def _latest(store: GraphStore, drop: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The latest merge of DROP not undone, and its snapshot; MergeError when it cannot be
    undone now."""
    merges = [m for m in await store.merge_records(drop) if not m.get("undone")]
    if not merges:
        raise MergeError(f"no merge of {drop!r} to undo")
    m = merges[0]
    keep = str(m["keep"])
    if await store.merge_entity(drop) is not None:
        raise MergeError(f"{drop!r} is in the graph again: nothing to undo")
    if await store.merge_entity(keep) is None:
        target = await store.merge_redirect_of(keep)
        raise MergeError(
            f"{keep!r}, which {drop!r} was merged into, was merged into {target!r} since: "
            f"undo that merge first (unmerge {keep})"
        )
    return m, json.loads(m["snapshot"])


async def unmerge_preview(store: GraphStore, drop: str) -> dict[str, Any]:
    """What undoing the latest merge of DROP would give back, without doing it: DROP's
    relationships by type (counted as the merge's preview counted them), or why it cannot be
    undone now (`refused`)."""
    try:
        m, snap = await _latest(store, drop)
    except MergeError as exc:
        return {"drop": {"id": drop}, "refused": str(exc), "moves": {}, "relationships": 0}
    keep = str(m["keep"])
    kept = await store.merge_entity(keep) or {"labels": [], "props": {}}
    moves = _moves(snap["dropRels"], keep, drop)
    return {
        "keep": {"id": keep, "type": _label(kept), "name": kept["props"].get("name")},
        "drop": {
            "id": drop, "type": snap.get("label"), "name": (snap["dropProps"] or {}).get("name"),
        },
        "merge": int(m["seq"]),
        "at": m.get("at"),
        "moves": moves,
        "relationships": sum(moves.values()),
        "refused": None,
    }  # fmt: skip


def _set_back(before: set[str], after: set[str], now: set[str]) -> set[str]:
    """A set as an undo leaves it: what it holds now, less what the merge added, plus what the
    merge took away."""
    return (now - (after - before)) | (before - after)


async def _unmerge(store: GraphStore, drop: str, by: str, recorder: Recorder) -> dict[str, Any]:
    m, snap = await _latest(store, drop)
    keep, kind = str(m["keep"]), str(m["kind"])
    kept = await store.merge_entity(keep)
    assert kept is not None  # _latest checked it
    because = f"the merge of {drop} into {keep} was undone"
    drop_props = dict(snap["dropProps"])
    back = recorder.entry(
        "unmerge", kind, drop, diff(None, drop_props), reason=because, target=keep,
        sources=drop_props.get("sourceIds"),
    )  # fmt: skip
    await store.load_rows(kind, [{"id": drop, "props": drop_props, "changes": [back]}], new=True)
    # KEEP's properties: each as before the merge, unless changed since; a list changed since
    # keeps its later items and loses what the merge added. Its name keys follow its names.
    current = dict(kept["props"])
    before, after = snap["keepBefore"], snap["keepAfter"]
    props: dict[str, Any] = {}
    for k in {*before, *after, *current}:
        _, value = _three_way(before.get(k), after.get(k), current.get(k))
        if value is not None and value == current.get(k) != after.get(k):
            value = _without_added(k, before.get(k), after.get(k), value)
        if value is not None:
            props[k] = value
    if props != current and "name" in props:
        index_names(props)
    if props != current:
        entry = recorder.entry("unmerge", kind, keep, diff(current, props), reason=because)
        await store.unmerge_set_props(keep, props)
        await store.history_write([entry])
    # KEEP's relationships: those the merge made go, those it changed go back.
    rels_now = await _rels(store, keep)
    create: list[dict[str, Any]] = []
    update: list[dict[str, Any]] = []
    delete: list[dict[str, Any]] = []
    for key in {*snap["keepRelsBefore"], *snap["keepRelsAfter"]}:
        rtype, other, outgoing, position = json.loads(key)
        same, want = _three_way(
            snap["keepRelsBefore"].get(key), snap["keepRelsAfter"].get(key), rels_now.get(key)
        )
        if not same or want == rels_now.get(key):
            continue
        a, b = (keep, other) if outgoing else (other, keep)
        row = {"a": a, "b": b, "type": rtype, "position": position, "props": want}
        there = rels_now.get(key) is not None
        (delete if want is None else update if there else create).append(row)
    # DROP's own relationships as they were (its sources' links came with the record, and its
    # co-organization links follow the rule below), but none retracted since: one the merge
    # gave KEEP that KEEP no longer has. An end merged away since is the record it was merged
    # into now.
    redirects = await store.load_redirects()

    def now_id(entity_id: str) -> str:
        seen = 0
        while entity_id in redirects and entity_id != drop and seen < 20:
            entity_id, seen = redirects[entity_id], seen + 1
        return entity_id

    for r in snap["dropRels"]:
        if r["type"] in _WITH_RECORD or r["other"] == keep:
            continue
        position = r["props"].get("position") if r["type"] == "AFFILIATED_WITH" else None
        given = json.dumps([r["type"], r["other"], r["outgoing"], position])
        held = json.dumps([r["type"], now_id(r["other"]), r["outgoing"], position])
        if given in snap["keepRelsAfter"] and held not in rels_now:
            continue
        other = now_id(r["other"])
        a, b = (drop, other) if r["outgoing"] else (other, drop)
        create.append({"a": a, "b": b, "type": r["type"], "props": r["props"]})
    await store.unmerge_rels(delete, update, create)
    # Co-organization links: what sources state of each pair goes back as it was (less what
    # the merge added, plus what it took), and every link of the organizations involved follows
    # the rule again, from the ORGANIZED links as they now are.
    orgs = {now_id(o) for o in snap["touched"]}
    if snap.get("label") == "Organization":
        orgs |= {keep, drop}
    co_now = await _co(store, sorted(orgs))
    restated: dict[Pair, tuple[set[str], set[str]]] = {}
    for key in {*snap["coBefore"], *snap["coAfter"]}:
        a, b = (now_id(x) for x in json.loads(key))
        if a == b:
            continue
        pair = pair_of(a, b)
        was, merged = stated(snap["coBefore"].get(key)), stated(snap["coAfter"].get(key))
        held_now = stated(co_now.get(json.dumps(list(pair))))
        restated[pair] = (
            _set_back(was[0], merged[0], held_now[0]),
            _set_back(was[1], merged[1], held_now[1]),
        )
        orgs |= {a, b}
    co = await recompute_co(store, sorted(orgs), restated=restated)
    await store.unmerge_refs(drop, keep, snap["redirects"], snap["parts"])
    await store.merge_record_undone(int(m["seq"]), now(), by)
    await undo_ties(store, drop, by=by, note=because)
    count = len(create) + len(update) + len(delete) + co.changed
    moves = _moves(snap["dropRels"], keep, drop)
    return {
        "keep": keep, "drop": drop, "merge": int(m["seq"]), "relationships": count,
        "moves": moves, "coLinks": co.changed,
    }  # fmt: skip
