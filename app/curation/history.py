"""The history of every record, kept in the graph: one `(:Change)` node for each load, merge,
retraction or clear that changed an entity or a relationship.

A change holds when (`at`), what (`op`: create, update, clear, merge or retract; `changes`: JSON
`{property: [before, after]}` of each property that changed, so a retraction keeps the whole
record),
where from (`file` and `line` of the input record: the file's name, which is its path relative
to the file or folder the load was given, since a load reads a folder's own files and not its
subfolders; `upload:<name>` for an upload), which sources, and why
(`reason`); `batch` and `seq` name it (one batch per load, merge or retraction). A relationship's
change names both its ends (`entityId` the start, `otherId` the end), so it is in the history
of each. Derived links (co-organization weights, MENTIONED_IN) are not recorded: their causes
(the ORGANIZED links, the sourceIds) are. Change nodes carry no `Entity` label and no
relationship: views, searches and exports never see them. A load writes each change in the
statement that makes it, so a change is never lost, nor recorded without being made.
"""

from __future__ import annotations

import itertools
import json
import uuid
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from ctgraph.core.clock import now
from ctgraph.core.vocabulary import CHANGE_LABEL, INTERNAL_PROPS
from ctgraph.store.base import GraphStore

__all__ = [
    "CHANGE_LABEL",
    "ChangesSince",
    "Generation",
    "HistoryEntry",
    "HistoryPage",
    "Recorder",
    "changes_since",
    "diff",
    "entity_history",
    "generation",
]

Op = Literal["create", "update", "clear", "merge", "unmerge", "retract"]
# Properties a change never lists: the id (the change names it) and what is derived for the
# database's own use (name keys, search text).
_UNLISTED = frozenset(INTERNAL_PROPS | {"id"})


# What changed: property -> [value before, value after] (null: it had none, has none now).
Changes = dict[str, list[Any]]


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> Changes:
    """Each property whose value differs, with its value before and after (None: absent)."""
    if not before:
        return {k: [None, v] for k, v in (after or {}).items() if k not in _UNLISTED}
    if not after:
        return {k: [v, None] for k, v in before.items() if k not in _UNLISTED}
    out: Changes = {}
    for k in before.keys() | after.keys():
        if k not in _UNLISTED and (old := before.get(k)) != (new := after.get(k)):
            out[k] = [old, new]
    return out


def op_of(before: dict[str, Any] | None, changes: Changes) -> Op:
    """create (nothing before), clear (every change removes a value), else update."""
    if before is None:
        return "create"
    if changes and all(after is None for _before, after in changes.values()):
        return "clear"
    return "update"


def _file_name(file: str) -> str:
    """A file's name without its folders (`/srv/in/organizations.csv` -> `organizations.csv`)."""
    return Path(file).name or file


class Recorder:
    """Makes the change entries of one operation (a load, a merge, a retraction): one time, one
    batch id, and entries numbered in the order they are made."""

    def __init__(self, origin: str | None = None) -> None:
        self.batch = uuid.uuid4().hex[:16]
        self.at = now()
        self.origin = origin
        self._seq = itertools.count(1)

    def place(self, file: str | None) -> str | None:
        """Where a record came from, as the history keeps it: the file's path relative to what
        the load was given, which is its name (a load reads the file it is given, or a folder's
        own files), so that no folder of the machine that loaded it is shown to anyone;
        `upload:<name>` for an upload; an option (`--…`) as it is."""
        if file is None or file.startswith("--"):
            return file
        if self.origin == "upload":
            return f"upload:{_file_name(file)}"
        return _file_name(file)

    def entry(
        self,
        op: Op,
        kind: str,
        entity_id: str,
        changes: Changes,
        *,
        other: str | None = None,
        rel_type: str | None = None,
        key: str | None = None,
        file: str | None = None,
        line: int | None = None,
        inputs: list[str] | None = None,
        sources: list[str] | set[str] | None = None,
        reason: str | None = None,
        target: str | None = None,
    ) -> dict[str, Any]:
        """One change, as the properties of its node (values that are not there left out)."""
        out: dict[str, Any] = {
            "batch": self.batch,
            "seq": next(self._seq),
            "at": self.at,
            "op": op,
            "kind": kind,
            "entityId": entity_id,
            "changes": _dumps(changes),
        }
        if other is not None:
            out["otherId"] = other
            out["relType"] = rel_type
            if key is not None:
                out["key"] = key
        if file is not None:
            out["file"] = self.place(file)
            if line is not None:
                out["line"] = line
        if inputs:
            out["inputs"] = inputs
        if sources:
            out["sourceIds"] = sorted(sources)
        if reason is not None:
            out["reason"] = reason
        if target is not None:
            out["targetId"] = target
        return out


_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


# -- reading -----------------------------------------------------------------------------------


class PropertyChange(BaseModel):
    """One property's value before and after (null: it had none, or has none now)."""

    property: str
    before: Any = None
    after: Any = None


class HistoryEntry(BaseModel):
    """One load, merge, retraction or clear that changed a record."""

    id: str
    at: str = Field(description="when (UTC, ISO 8601)")
    op: Op
    type: str = Field(description="the record type: organizations, affiliations, …")
    entityId: str = Field(description="the entity, or the relationship's start")
    otherId: str | None = Field(default=None, description="the relationship's end")
    relationship: str | None = Field(default=None, description="the relationship type")
    key: str | None = Field(default=None, description="what tells the fact apart (position)")
    file: str | None = Field(default=None, description="the input file, or upload:<name>")
    line: int | None = None
    inputs: list[str] = Field(default=[], description="every input record (file:line) in it")
    changes: list[PropertyChange] = []
    sourceIds: list[str] = []
    reason: str | None = None
    targetId: str | None = Field(default=None, description="a merged record: where it went")
    batch: str = Field(description="the load, merge or retraction it was part of")


class HistoryPage(BaseModel):
    """A record's history, newest first."""

    id: str = Field(description="the record (a merged or alternative id resolves to it)")
    exists: bool = Field(description="false when the record was retracted")
    ids: list[str] = Field(description="the ids whose history this is (merged ones included)")
    total: int
    limit: int
    offset: int
    items: list[HistoryEntry]


def _shown(where: Any) -> Any:
    """A stored file (or `file:line`) as the history shows it: one that an older version kept
    as a full path (`/home/…/organizations.csv`) by its name alone; the entry stays as stored."""
    if isinstance(where, str) and where.startswith("/"):
        return _file_name(where)
    return where


def _entry(row: dict[str, Any]) -> HistoryEntry:
    changes = json.loads(row.get("changes") or "{}")
    return HistoryEntry(
        id=f"{row.get('batch')}:{row.get('seq')}",
        at=row["at"],
        op=row["op"],
        type=row.get("kind") or "",
        entityId=row["entityId"],
        otherId=row.get("otherId"),
        relationship=row.get("relType"),
        key=row.get("key"),
        file=_shown(row.get("file")),
        line=row.get("line"),
        inputs=[_shown(i) for i in row.get("inputs") or []],
        changes=[PropertyChange(property=k, before=b, after=a) for k, (b, a) in changes.items()],
        sourceIds=list(row.get("sourceIds") or []),
        reason=row.get("reason"),
        targetId=row.get("targetId"),
        batch=row.get("batch") or "",
    )


async def entity_history(
    store: GraphStore, entity_id: str, limit: int = 100, offset: int = 0
) -> HistoryPage | None:
    """The history of a record (by its id, a merged id or an alternative id), with that of the
    records merged into it and of its relationships; None when no record ever had the id."""
    canonical = await store.resolve_id(entity_id)
    main = canonical or entity_id
    ids = sorted({entity_id, main, *await store.history_aliases(main)})
    total, rows = await store.history_of(ids, limit, offset)
    if canonical is None and total == 0:
        return None
    return HistoryPage(
        id=main,
        exists=canonical is not None,
        ids=ids,
        total=total,
        limit=limit,
        offset=offset,
        items=[_entry(r) for r in rows],
    )


# -- the data's generation, and what changed since one -----------------------------------------


class Generation(BaseModel):
    """The data's generation: every write (a load, merge, unmerge or retraction) records its
    changes at one moment; the latest such moment names the data as it stands."""

    at: str | None = Field(description="when the latest write was made (null: never written)")
    writes: int = Field(description="how many writes the graph has had")


class ChangeCount(BaseModel):
    op: Op
    entities: int
    relationships: int


class ChangesSince(BaseModel):
    """What the writes made after a moment changed: entries per operation, and the latest."""

    since: str
    generation: Generation
    total: int = Field(description="history entries written after `since`")
    counts: list[ChangeCount]
    items: list[HistoryEntry] = Field(description="the latest entries, newest first")


async def generation(store: GraphStore) -> Generation:
    """The data's generation as it stands."""
    row = await store.history_latest() or {}
    return Generation(at=row.get("at"), writes=int(row.get("writes") or 0))


async def changes_since(store: GraphStore, since: str, cap: int) -> ChangesSince:
    """Every change written after `since`, summed per operation, with the latest `cap`."""
    counts, rows = await store.history_since(since, cap)
    per: dict[str, dict[str, int]] = {}
    for r in counts:
        side = "relationships" if r["relationship"] else "entities"
        per.setdefault(str(r["op"]), {"entities": 0, "relationships": 0})[side] += int(r["n"])
    return ChangesSince(
        since=since,
        generation=await generation(store),
        total=sum(int(r["n"]) for r in counts),
        counts=[ChangeCount(op=op, **n) for op, n in sorted(per.items())],  # type: ignore[arg-type]
        items=[_entry(r["entry"]) for r in rows],
    )
