"""Retraction: withdraw an entity or one relationship from the graph, keeping it in history.

A retracted record is deleted from the live graph (so no view, search, path or export shows it)
in the statement that writes its whole content into its history, with the reason and the
sources of the retraction. Retracting an entity retracts its relationships with it (each in
the history of its other end too) and clears the `parentId` of its parts; co-organization links
that rested on a retracted event or ORGANIZED link are made exact again. Retracting what was
retracted before changes nothing, so a load with retractions can be run again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ctgraph.core.errors import Unprocessable
from ctgraph.core.vocabulary import ENTITY_RECORDS, REL, REL_RECORDS, RelType, edge_id
from ctgraph.curation.colinks import recompute_co
from ctgraph.curation.history import Recorder, diff
from ctgraph.loaders.models import REL_ENDS, RetractionRecord
from ctgraph.store.base import GraphStore

# record type of a relationship -> (type, start label, end label)
_RELS = {k: (r.type.value, r.start.value, r.end.value) for k, r in REL_RECORDS.items()}
_KIND_OF_TYPE = {r.type.value: k for k, r in REL_RECORDS.items()}
_KIND_OF_LABEL = {n.label.value: k for k, n in ENTITY_RECORDS.items()}
# Links that follow an entity's sourceIds: retracted with it, never on their own.
_PROVENANCE = {RelType.MENTIONED_IN.value, RelType.REPORTED_IN.value}


class RetractError(Unprocessable):
    """A retraction that cannot be made; the message says why."""


@dataclass(slots=True)
class RetractTarget:
    """What one retraction withdraws: an entity (`kind` "entity", `id`), or a relationship
    (`kind` its record type, from `id` to `b`, with its `position` for an affiliation)."""

    kind: str
    id: str
    b: str | None = None
    position: str | None = None
    reason: str = ""
    sources: list[str] = field(default_factory=list)
    label: str | None = None  # the entity's type, when it is in the graph
    asked: str | None = None  # the id as given, when it was an alternative id
    file: str | None = None
    line: int | None = None
    input: Any = None  # the input record of a load (a Valid)
    existing: dict[str, Any] | None = None  # a relationship's stored properties
    status: str = "retracted"  # or "unchanged": it was retracted before
    rejected: bool = False

    @property
    def is_entity(self) -> bool:
        return self.kind == "entity"

    def describe(self) -> str:
        """The entity's id, or the relationship's id (`start|TYPE|end[|position]`)."""
        if self.is_entity:
            return self.id
        rtype = _RELS[self.kind][0]
        return edge_id(self.id, rtype, str(self.b), {"position": self.position})


Fail = Callable[[RetractTarget, str, str], None]


def _article(label: str) -> str:
    return f"an {label}" if label[0] in "AEIOU" else f"a {label}"


async def check_targets(store: GraphStore, targets: list[RetractTarget], fail: Fail) -> None:
    """What the graph must hold for each retraction: its entity or relationship, else a record
    that it was retracted before (then it is `unchanged`); a source no other record cites.
    `fail(target, field, message)` is told what is wrong."""
    live = [t for t in targets if not t.rejected]
    before = await _retracted_before(store, live)
    rels: dict[str, list[RetractTarget]] = defaultdict(list)
    for t in live:
        if t.is_entity:
            if t.label is None:
                if t.id in before:
                    t.status = "unchanged"
                else:
                    fail(t, "id", f"{t.asked or t.id!r} is not in the graph: nothing to retract")
            elif t.label == "Source":
                cited = await store.retract_cited(t.id)
                if cited:
                    fail(
                        t,
                        "id",
                        f"{t.id!r} is a source that {cited} other record(s) cite: retract those "
                        "first (every fact keeps its sources)",
                    )
        else:
            rels[t.kind].append(t)
    for kind, group in rels.items():
        pairs = [{"a": t.id, "b": t.b} for t in group]
        found = {}
        for row in await store.load_existing(kind, pairs):
            found[(row["a"], row["b"], row["props"].get("position") or "")] = row["props"]
        for t in group:
            props = found.get((t.id, str(t.b), t.position or ""))
            if props is None:
                if (t.describe(), "rel") in before:
                    t.status = "unchanged"
                    continue
                rtype, la, lb = _RELS[kind]
                fa, fb = REL_ENDS[kind]
                fail(
                    t,
                    fa,
                    f"no {rtype} relationship from {_article(la)} {t.id!r} to {_article(lb)} "
                    f"{t.b!r}" + (f" as {t.position!r}" if t.position else "") + " in the graph",
                )
                continue
            if kind == "co_organizations" and not props.get("explicit"):
                fail(
                    t,
                    "relationship",
                    f"the co-organization of {t.id!r} and {t.b!r} comes from the events they "
                    f"both organized ({', '.join(props.get('eventIds') or [])}): retract those "
                    "organized relationships instead",
                )
                continue
            t.existing = props


async def _retracted_before(store: GraphStore, targets: list[RetractTarget]) -> set[Any]:
    """Entity ids, and (relationship id, "rel"), retracted before."""
    ids = sorted({t.id for t in targets if t.label is None or not t.is_entity})
    out: set[Any] = set()
    for row in await store.history_retracted(ids):
        if row.get("relType") is None:
            out.add(row["entityId"])
        else:
            props = {"position": row.get("key")}
            rid = edge_id(row["entityId"], row["relType"], row["otherId"], props)
            out.add((rid, "rel"))
    return out


async def retract_targets(
    store: GraphStore, targets: list[RetractTarget], recorder: Recorder
) -> list[str]:
    """Withdraw each target that was checked and found (in order); what was retracted."""
    done: list[str] = []
    for t in targets:
        if t.rejected or t.status != "retracted":
            continue
        if t.is_entity:
            if await _retract_entity(store, t, recorder):
                done.append(t.id)
        elif await _retract_rel(store, t, recorder):
            done.append(t.describe())
    return done


def _entry_args(t: RetractTarget) -> dict[str, Any]:
    return {"file": t.file, "line": t.line, "sources": t.sources}


async def _retract_entity(store: GraphStore, t: RetractTarget, recorder: Recorder) -> bool:
    row = await store.merge_entity(t.id)
    if row is None:
        return False
    label = next((lb for lb in row["labels"] if lb != "Entity"), "Entity")
    kind = _KIND_OF_LABEL.get(label, label)
    props = row["props"]
    reason = t.reason
    changes = [
        recorder.entry("retract", kind, t.id, diff(props, None), reason=reason, **_entry_args(t))
    ]
    organizers: list[str] = []
    parts: list[str] = []
    because = f"{t.id} was retracted: {reason}"
    for rel, outgoing in await store.merge_rels(t.id):
        rtype = rel["type"]
        if rtype in _PROVENANCE or rtype not in _KIND_OF_TYPE:
            continue
        a, b = (t.id, rel["other"]) if outgoing else (rel["other"], t.id)
        rprops = rel["props"]
        key = rprops.get("position") if REL[RelType(rtype)].key else None
        changes.append(
            recorder.entry(
                "retract",
                _KIND_OF_TYPE[rtype],
                a,
                diff(rprops, None),
                other=b,
                rel_type=rtype,
                key=key,
                reason=because,
                **_entry_args(t),
            )  # fmt: skip
        )
        if rtype == RelType.ORGANIZED.value and not outgoing:
            organizers.append(rel["other"])
        if rtype == RelType.PART_OF.value and not outgoing:
            parts.append(rel["other"])
    if parts:
        for part in await store.load_entity_props(sorted(set(parts))):
            if part["props"].get("parentId") == t.id:
                changes.append(
                    recorder.entry(
                        "clear",
                        "organizations",
                        part["id"],
                        {"parentId": [t.id, None]},
                        reason=because,
                        **_entry_args(t),
                    )  # fmt: skip
                )
    await store.retract_entity(t.id, changes)
    if organizers:
        await recompute_co(store, sorted(set(organizers)), removed={t.id})
    return True


async def _retract_rel(store: GraphStore, t: RetractTarget, recorder: Recorder) -> bool:
    props = t.existing or {}
    rtype = _RELS[t.kind][0]
    b = str(t.b)
    changes = [
        recorder.entry(
            "retract",
            t.kind,
            t.id,
            diff(props, None),
            other=b,
            rel_type=rtype,
            key=t.position,
            reason=t.reason,
            **_entry_args(t),
        )  # fmt: skip
    ]
    clear_parent = False
    if t.kind == "part_of":
        for part in await store.load_entity_props([t.id]):
            if part["props"].get("parentId") == b:
                clear_parent = True
                changes.append(
                    recorder.entry(
                        "clear",
                        "organizations",
                        t.id,
                        {"parentId": [b, None]},
                        reason=f"its part_of {b} was retracted: {t.reason}",
                        **_entry_args(t),
                    )  # fmt: skip
                )
    row = {
        "a": t.id,
        "type": rtype,
        "b": b,
        "position": t.position,
        "changes": changes,
        "clearParent": clear_parent,
    }
    deleted = await store.retract_relationships([row])
    if t.kind in ("organized", "co_organizations"):
        await recompute_co(store, [t.id])
    return deleted > 0


# -- one retraction, as `ctgraph retract` makes it --------------------------------------------


async def resolve(store: GraphStore, rec: RetractionRecord) -> RetractTarget:
    """The target of a retraction record, its ids resolved in the graph (an alternative id
    names its record; a merged id is refused: it names no record of its own any more)."""
    sources = []
    for sid in rec.sourceIds:
        found = await store.resolve_id(sid)
        row = await store.merge_entity(found) if found else None
        if row is None or "Source" not in row["labels"]:
            raise RetractError(f"{sid!r} is not a source in the graph")
        sources.append(str(found))
    if rec.id is not None:
        merged = await store.redirect_get(rec.id)
        if merged is not None:
            raise RetractError(
                f"{rec.id!r} was merged into {merged!r}: retract {merged!r} itself if that is meant"
            )
        found = await store.resolve_id(rec.id)
        row = await store.merge_entity(found) if found else None
        label = next((lb for lb in row["labels"] if lb != "Entity"), None) if row else None
        return RetractTarget(
            "entity",
            found or rec.id,
            reason=rec.reason,
            sources=sources,
            label=label,
            asked=rec.id if found != rec.id else None,
        )
    kind = str(rec.relationship)
    given_a, given_b = rec.ends()
    a = await store.resolve_id(given_a) or given_a
    b = await store.resolve_id(given_b) or given_b
    if kind == "co_organizations":
        a, b = min(a, b), max(a, b)
    return RetractTarget(kind, a, b, rec.position, reason=rec.reason, sources=sources)


async def retract_one(
    store: GraphStore, rec: RetractionRecord, recorder: Recorder | None = None
) -> RetractTarget:
    """Check and make one retraction; RetractError says what is wrong. The target's `status`
    is `unchanged` when it had been retracted before. One unit of work, as a load is."""
    async with store.atomic() as unit:
        return await _retract_one(unit, rec, recorder)


async def _retract_one(
    store: GraphStore, rec: RetractionRecord, recorder: Recorder | None
) -> RetractTarget:
    target = await resolve(store, rec)
    problems: list[str] = []
    await check_targets(store, [target], lambda _t, _f, message: problems.append(message))
    if problems:
        raise RetractError(problems[0])
    if target.status == "retracted":
        await retract_targets(store, [target], recorder or Recorder())
    return target
