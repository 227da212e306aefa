"""Co-organization links made exact again for some organizations, after a merge or a
retraction changed the events they organized. They are derived from the ORGANIZED links (and
the explicit links a source states), whose changes the history records: theirs it does not."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ctgraph.store.base import GraphStore

KIND = "co_organizations"


async def recompute_co(
    store: GraphStore,
    orgs: list[str],
    *,
    rename: Mapping[str, str] | None = None,
    removed: Iterable[str] = (),
    extra: Iterable[dict[str, Any]] = (),
) -> int:
    """The CO_ORGANIZED_WITH links of `orgs`: one per pair that organized an event together or
    that a source states (explicit), with the pair's events, weight and dates. Explicit links
    keep their events, `rename`d (a merged event) and without the `removed` ones (retracted);
    `extra` are explicit links (`other`, `props`) of a record merged into `orgs[0]`. Links
    whose pair shares nothing any more are deleted. How many links changed."""
    rename = rename or {}
    gone_events = set(removed)
    pairs: dict[tuple[str, str], dict[str, Any]] = {}

    def pair(a: str, b: str) -> dict[str, Any]:
        key = (min(a, b), max(a, b))
        return pairs.setdefault(key, {"events": {}, "sources": set(), "explicit": False})

    def explicit_link(p: dict[str, Any], props: dict[str, Any]) -> None:
        p["explicit"] = True
        p["sources"].update(props.get("sourceIds") or [])
        for e in props.get("eventIds") or []:
            e = rename.get(e, e)
            if e not in gone_events:
                p["events"].setdefault(e, None)

    if not orgs:
        return 0
    for r in await store.merge_co_organizers(orgs):
        p = pair(r["a"], r["b"])
        p["events"][r["event"]] = r["date"]
        p["sources"].update(r["sa"] or [], r["sb"] or [])
    stored: dict[tuple[str, str], dict[str, Any]] = {}
    for r in await store.merge_co_links(orgs):
        key = (min(r["a"], r["b"]), max(r["a"], r["b"]))
        stored[key] = r["props"]
        if r["props"].get("explicit"):
            explicit_link(pair(*key), r["props"])
    for x in extra:
        explicit_link(pair(orgs[0], x["other"]), x["props"])
    rows = []
    for (a, b), p in pairs.items():
        events = sorted(p["events"])
        dates = sorted(d for d in p["events"].values() if d)
        props: dict[str, Any] = {
            "eventIds": events,
            "weight": len(events),
            "explicit": p["explicit"],
            "sourceIds": sorted(p["sources"]),
        }
        if dates:
            props["firstDate"], props["lastDate"] = dates[0], dates[-1]
        old = stored.get((a, b))
        if old == props:
            continue
        written = {**{k: None for k in old or {} if k not in props}, **props}
        rows.append({"a": a, "b": b, "props": written})
    gone = [{"a": a, "b": b} for a, b in stored if (a, b) not in pairs]
    if gone:
        await store.merge_delete_co(gone)
    if rows:
        await store.load_rows(KIND, rows)
    return len(rows) + len(gone)
