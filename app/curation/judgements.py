"""Judgements on duplicates: recorded, undone, dumped and loaded as JSON Lines.

The log is append-only, stored with the graph as `(:Judgement)` nodes: a decision is one entry
(`seq`, `a`, `b`, `decision`, `by`, `at`, `note`), a change of mind another, an undo one more
(`decision: undone`, `undoes: seq`). `ctgraph dedupe dump` writes the log; `load` appends the
entries a graph does not hold yet, so a rebuilt graph gets its decisions back and loading a
dump twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ctgraph.core.clock import now
from ctgraph.core.errors import Unprocessable
from ctgraph.core.names import control_problem
from ctgraph.graph.dedupe import DECISIONS, Judged, pair_key
from ctgraph.graph.dedupe.judged import UNDONE
from ctgraph.store.base import GraphStore

FIELDS = ("seq", "a", "b", "type", "decision", "by", "at", "note", "undoes")
MAX_NOTE = 2000


class JudgementError(Unprocessable):
    """A judgement that cannot be recorded; the message says why (and where, for a file)."""


async def judged(store: GraphStore) -> Judged:
    """The judgements of a graph as they stand, ids followed through merges."""
    log = await store.judgements_log()
    redirects = await store.load_redirects()

    def follow(i: str) -> str:
        seen = 0
        while i in redirects and seen < 20:
            i, seen = redirects[i], seen + 1
        return i

    return Judged(log, follow)


def _check_text(value: str | None, what: str, limit: int) -> None:
    if value is None:
        return
    if len(value) > limit:
        raise JudgementError(f"{what} is {len(value)} characters: at most {limit}")
    problem = control_problem(value, lines=what == "note")
    if problem:
        raise JudgementError(f"{what} {problem}")


async def record(
    store: GraphStore,
    a: str,
    b: str,
    decision: str,
    *,
    by: str = "admin",
    note: str | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    """Record one decision on two records (ids as given; each must name a record now)."""
    if decision not in DECISIONS:
        raise JudgementError(f"decision {decision!r}: one of {', '.join(DECISIONS)}")
    _check_text(note, "note", MAX_NOTE)
    _check_text(by, "by", 200)
    # One statement writes the entry and numbers it: no unit of work needed (on the embedded
    # database a unit copies the graph, too much for one keypress of a review).
    ra, rb = await store.resolve_id(a), await store.resolve_id(b)
    for given, found in ((a, ra), (b, rb)):
        if found is None:
            raise JudgementError(f"{given!r} names no record in the graph")
    assert ra is not None and rb is not None
    if ra == rb:
        raise JudgementError(f"{a!r} and {b!r} are already one record ({ra!r})")
    ta, tb = await store.merge_entity(ra), await store.merge_entity(rb)
    la = _type(ta)
    if la != _type(tb):
        raise JudgementError(f"{ra!r} is a {la} and {rb!r} a {_type(tb)}: not one record")
    x, y = pair_key(ra, rb)
    row = {"a": x, "b": y, "type": la, "decision": decision, "by": by, "at": at or now()}
    if note:
        row["note"] = note
    (written,) = await store.judgement_write([row])
    return written


async def undo(store: GraphStore, seq: int, *, by: str = "admin") -> dict[str, Any]:
    """Undo one decision: the pair goes back to what the decisions before it said."""
    log = await store.judgements_log()
    target = next((j for j in log if int(j["seq"]) == seq), None)
    if target is None:
        raise JudgementError(f"no judgement number {seq}")
    if target["decision"] == UNDONE:
        raise JudgementError(f"judgement {seq} is itself an undo: judge the pair again")
    if any(j.get("undoes") == seq for j in log):
        raise JudgementError(f"judgement {seq} is already undone")
    (written,) = await store.judgement_write([_undo_row(target, by)])
    return written


def _undo_row(target: dict[str, Any], by: str, note: str | None = None) -> dict[str, Any]:
    """The log entry that undoes `target`."""
    row = {
        "a": target["a"], "b": target["b"], "type": target.get("type"),
        "decision": UNDONE, "undoes": int(target["seq"]), "by": by, "at": now(),
    }  # fmt: skip
    return row | {"note": note} if note else row


async def undo_ties(store: GraphStore, entity_id: str, *, by: str, note: str) -> int:
    """Undo every standing "same" that ties a record (or an id merged into it) to another
    record: what would merge it into that group again (`dedupe apply`). How many."""
    state = await judged(store)
    undone = {j.get("undoes") for j in state.log}
    standing = [
        j for j in state.log
        if j["decision"] == "same" and j["seq"] not in undone
        and (state.follow(j["a"]) == entity_id) != (state.follow(j["b"]) == entity_id)
    ]  # fmt: skip
    if standing:
        await store.judgement_write([_undo_row(j, by, note) for j in standing])
    return len(standing)


def _type(row: dict[str, Any] | None) -> str:
    labels = (row or {}).get("labels") or []
    return next((lb for lb in labels if lb != "Entity"), "Entity")


def dump_lines(log: Iterable[dict[str, Any]]) -> Iterable[str]:
    """The log as JSON Lines, oldest first."""
    for j in log:
        yield json.dumps({k: j[k] for k in FIELDS if j.get(k) is not None}, ensure_ascii=False)


def _identity(j: dict[str, Any]) -> tuple[Any, ...]:
    return (j.get("a"), j.get("b"), j.get("decision"), j.get("by"), j.get("at"))


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Entries of a dump, each checked; an error names the file, line and field."""
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                j = json.loads(line)
            except json.JSONDecodeError as exc:
                raise JudgementError(f"{where}: not JSON ({exc.msg})") from None
            if not isinstance(j, dict):
                raise JudgementError(f"{where}: each line is one JSON object")
            for name in ("a", "b", "decision", "at"):
                if not isinstance(j.get(name), str) or not j[name]:
                    raise JudgementError(f"{where}: field {name!r} is missing or not text")
            if j["decision"] not in (*DECISIONS, UNDONE):
                raise JudgementError(f"{where}: field 'decision': {j['decision']!r} is not one of "
                                     f"{', '.join((*DECISIONS, UNDONE))}")  # fmt: skip
            if j["decision"] == UNDONE and not isinstance(j.get("undoes"), int):
                raise JudgementError(f"{where}: field 'undoes': an undo names the entry it undoes")
            for name in ("a", "b", "by", "note", "type"):
                value = j.get(name)
                if value is not None and (not isinstance(value, str) or control_problem(value)):
                    raise JudgementError(f"{where}: field {name!r} is not plain text")
            j["_line"] = n
            out.append(j)
    return out


async def load_dump(store: GraphStore, path: Path) -> dict[str, int]:
    """Append a dump's entries that the graph does not hold (all or none); how many."""
    entries = read_lines(path)
    async with store.atomic() as unit:
        log = await unit.judgements_log()
        have = {_identity(j): int(j["seq"]) for j in log}
        # The dump's numbers, as this graph numbers the same entries.
        seq_of: dict[int, int] = {}
        new: list[dict[str, Any]] = []
        for j in entries:
            ident = _identity(j)
            if ident in have:
                if isinstance(j.get("seq"), int):
                    seq_of[j["seq"]] = have[ident]
                continue
            row = {k: j[k] for k in FIELDS if k not in ("seq", "undoes") and j.get(k) is not None}
            a, b = pair_key(str(row["a"]), str(row["b"]))
            row["a"], row["b"] = a, b
            if j["decision"] == UNDONE:
                target = seq_of.get(j["undoes"])
                if target is None:
                    raise JudgementError(
                        f"{path}:{j['_line']}: field 'undoes': entry {j['undoes']} is not "
                        "earlier in the file nor in the graph"
                    )
                row["undoes"] = target
            (written,) = await unit.judgement_write([row])
            have[ident] = int(written["seq"])
            if isinstance(j.get("seq"), int):
                seq_of[j["seq"]] = int(written["seq"])
            new.append(written)
        return {"read": len(entries), "added": len(new), "already": len(entries) - len(new)}
