"""Reviews of news items: what was proposed, what a person accepted, and when to ask again.

A review is kept per item (its Source id) when reviewed records are loaded: the hash of the
item's text, the version of the rules that read it, the facts as proposed and the records as
accepted (the model of OpenSanctions' data reviews: original extraction, edited extraction,
accepted). Read again, an item is `new` (never reviewed), `reviewed` (the same text, and the
rules propose the facts they proposed then) or `review-again` (the text changed, or the rules
now propose other facts), with what changed.

Facts are compared by what the item says (names, roles, positions, the event's date and place),
not by record ids: once loaded, an item's names are known to the graph and its proposal links
them, which is not a change of what it says."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ctgraph.store.base import GraphStore

NEW, REVIEWED, AGAIN = "new", "reviewed", "review-again"
EVENT_FIELDS = ("kind", "name", "date", "city", "venue", "occasion", "participantsCount")
SPEAKER_FIELDS = ("honorific", "position", "organization", "talkTitle")


def _key(name: object) -> str:
    return " ".join(str(name or "").casefold().split())


def facts(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What a proposal says, by name: the event's fields, each organizer with its role, each
    person with their role, honorific, position, organization and talk."""
    ev = doc.get("event") or {}
    return {
        "event": {k: ev.get(k) for k in EVENT_FIELDS},
        "organizers": sorted([o.get("name"), o.get("role")] for o in doc.get("organizers") or []),
        "speakers": sorted(
            [s.get("name"), s.get("role"), *(s.get(k) for k in SPEAKER_FIELDS)]
            for s in doc.get("speakers") or []
        ),
    }


def differences(before: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, list[str]]:
    """What is proposed now and was not (`added`), was and is not (`removed`), and what is
    proposed both times with other values (`changed`), each said in words."""
    out: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}
    eb, en = before.get("event") or {}, now.get("event") or {}
    for k in EVENT_FIELDS:
        if json.dumps(eb.get(k), sort_keys=True) != json.dumps(en.get(k), sort_keys=True):
            out["changed"].append(f"event {k}: {_said(eb.get(k))} → {_said(en.get(k))}")
    for what, label in (("organizers", "organizer"), ("speakers", "person")):
        old = {_key(x[0]): x for x in before.get(what) or []}
        new = {_key(x[0]): x for x in now.get(what) or []}
        out["added"] += [f"{label} {new[k][0]} ({new[k][1]})" for k in new.keys() - old.keys()]
        out["removed"] += [f"{label} {old[k][0]} ({old[k][1]})" for k in old.keys() - new.keys()]
        for k in sorted(old.keys() & new.keys()):
            if old[k] != new[k]:
                out["changed"].append(
                    f"{label} {new[k][0]}: "
                    + ", ".join(
                        f"{_said(a)} → {_said(b)}"
                        for a, b in zip(old[k], new[k], strict=True)
                        if a != b
                    )
                )
    return {k: sorted(v) for k, v in out.items()}


def _said(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return " to ".join(str(value[k]) for k in ("start", "end") if value.get(k)) or str(
            value.get("precision") or "—"
        )
    return str(value)


def status(stored: Mapping[str, Any] | None, doc: Mapping[str, Any]) -> dict[str, Any]:
    """How a proposal stands against its item's stored review (`None`: never reviewed); the
    proposal's `item.facts` are what it says now (see `with_review`)."""
    if not stored:
        return {"status": NEW}
    item = doc["item"]
    out: dict[str, Any] = {
        "reviewedAt": stored.get("reviewedAt"),
        "by": stored.get("by"),
        "sourceId": stored.get("sourceId"),
        "rules": stored.get("rules"),
        "accepted": json.loads(stored.get("accepted") or "[]"),
    }
    why = []
    if stored.get("sha256") != item["sha256"]:
        why.append(f"the item's text changed since its review on {stored.get('reviewedAt')}")
    diff = differences(json.loads(stored.get("proposed") or "{}"), item["facts"])
    rules = None
    if stored.get("rules") != item["rules"]:
        rules = f"the rules changed ({stored.get('rules')} then, {item['rules']} now)"
        if any(diff.values()):
            why.append(f"{rules} and propose other facts")
    if why:
        return {"status": AGAIN, "why": why, "changes": diff, **out}
    return {"status": REVIEWED, "note": rules and f"{rules} but propose the same facts", **out}


async def with_review(store: GraphStore, doc: dict[str, Any]) -> dict[str, Any]:
    """A proposal with what it says by name (`item.facts`, to keep with its review) and how it
    stands against the review kept for its item (`review`)."""
    source: dict[str, Any] = next((r for r in doc["records"] if r.get("type") == "source"), {})
    doc["item"]["facts"] = facts(doc)
    stored = await store.review_get(str(source.get("id")), doc["item"]["sha256"])
    doc["review"] = status(stored, doc)
    return doc
