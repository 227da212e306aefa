"""Co-organization links: the one rule that derives them, and the one way every writer (load,
merge, unmerge, retraction) applies it.

A CO_ORGANIZED_WITH link between two organizations is a function of the graph: the events both
organized (their ORGANIZED links, with those links' sources and the events' dates), plus what a
source states of the pair (an explicit link: `statedEventIds`, `statedSourceIds`). Nothing
else is kept on it, so recomputing a link from the graph always gives the same link, whatever
sequence of writes led there."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ctgraph.store.base import GraphStore

KIND = "co_organizations"
Pair = tuple[str, str]


def pair_of(a: str, b: str) -> Pair:
    """A link's pair in the stored direction (the smaller id first)."""
    return (a, b) if a <= b else (b, a)


@dataclass
class PairFacts:
    """What a link is derived from: the events both organizations organized (with dates) and
    their ORGANIZED links' sources, and what sources state of the pair."""

    events: dict[str, str | None] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    stated_events: set[str] = field(default_factory=set)
    stated_sources: set[str] = field(default_factory=set)

    def add_event(self, event: str, date: str | None, sources: Iterable[str]) -> None:
        self.events[event] = date
        self.sources.update(sources)

    def state(self, events: Iterable[str], sources: Iterable[str]) -> None:
        self.stated_events.update(events)
        self.stated_sources.update(sources)

    @property
    def explicit(self) -> bool:
        return bool(self.stated_events or self.stated_sources)


def co_props(facts: PairFacts, dates: Mapping[str, str | None]) -> dict[str, Any] | None:
    """The rule: the link's properties from its facts (`dates` of stated events that the pair
    did not both organize), or None when the pair shares nothing and no source states it."""
    events = sorted({*facts.events, *facts.stated_events})
    if not events and not facts.explicit:
        return None
    known = sorted(
        d for e in events if (d := facts.events[e] if e in facts.events else dates.get(e))
    )
    props: dict[str, Any] = {
        "eventIds": events,
        "weight": len(events),
        "explicit": facts.explicit,
        "sourceIds": sorted(facts.sources | facts.stated_sources),
    }
    if known:
        props["firstDate"], props["lastDate"] = known[0], known[-1]
    if facts.explicit:
        props["statedEventIds"] = sorted(facts.stated_events)
        props["statedSourceIds"] = sorted(facts.stated_sources)
    return props


def stated(props: Mapping[str, Any] | None) -> tuple[set[str], set[str]]:
    """What sources state of a stored link: its events and sources (a link stored before the
    stated parts were kept apart states all it has)."""
    if not props or not props.get("explicit"):
        return set(), set()
    if "statedEventIds" in props or "statedSourceIds" in props:
        return set(props.get("statedEventIds") or []), set(props.get("statedSourceIds") or [])
    return set(props.get("eventIds") or []), set(props.get("sourceIds") or [])


@dataclass
class LinkChanges:
    """What applying the rule changed: links created, updated, deleted, left as they were."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


async def facts_of(
    store: GraphStore, *, orgs: Iterable[str] = (), pairs: Iterable[Pair] = ()
) -> tuple[dict[Pair, PairFacts], dict[Pair, dict[str, Any]]]:
    """The facts of every link of `orgs` (each pair that shares an event with one of them, or
    has a stored link) and of the given `pairs`, read from the graph, with the stored links."""
    facts: dict[Pair, PairFacts] = {}
    stored: dict[Pair, dict[str, Any]] = {}
    org_ids = sorted(set(orgs))
    wanted = sorted({pair_of(a, b) for a, b in pairs if a != b})
    shared: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    if org_ids:
        shared += await store.merge_co_organizers(org_ids)
        links += await store.merge_co_links(org_ids)
    if wanted:
        rows = [{"a": a, "b": b} for a, b in wanted]
        shared += await store.co_shared_events(rows)
        links += await store.load_existing(KIND, rows)  # every writer stores them as pair_of
    for key in wanted:
        facts.setdefault(key, PairFacts())
    for r in shared:
        key = pair_of(r["a"], r["b"])
        facts.setdefault(key, PairFacts()).add_event(
            r["event"], r["date"], [*(r["sa"] or []), *(r["sb"] or [])]
        )
    for r in links:
        key = pair_of(r["a"], r["b"])
        stored[key] = r["props"]
        facts.setdefault(key, PairFacts()).state(*stated(r["props"]))
    return facts, stored


async def stated_dates(store: GraphStore, facts: Mapping[Pair, PairFacts]) -> dict[str, Any]:
    """The dates of stated events that no ORGANIZED link dates."""
    ids = sorted({e for f in facts.values() for e in f.stated_events if e not in f.events})
    return {r["id"]: r["startDate"] for r in await store.event_dates(ids)}


async def apply(
    store: GraphStore,
    facts: Mapping[Pair, PairFacts],
    stored: Mapping[Pair, dict[str, Any]],
) -> LinkChanges:
    """Write the rule's links for these pairs where they differ from the stored ones."""
    changes = LinkChanges()
    dates = await stated_dates(store, facts)
    rows: list[dict[str, Any]] = []
    gone: list[dict[str, Any]] = []
    for (a, b), f in sorted(facts.items()):
        props, old = co_props(f, dates), stored.get((a, b))
        if props is None:
            if old is not None:
                gone.append({"a": a, "b": b})
            continue
        if old == props:
            changes.unchanged += 1
            continue
        if old is None:
            changes.created += 1
        else:
            changes.updated += 1
        rows.append({"a": a, "b": b, "props": {**dict.fromkeys(old or {}), **props}})
    if gone:
        await store.merge_delete_co(gone)
        changes.deleted = len(gone)
    if rows:
        await store.load_rows(KIND, rows)
    return changes


async def recompute_co(
    store: GraphStore,
    orgs: Iterable[str],
    *,
    rename: Mapping[str, str] | None = None,
    removed: Iterable[str] = (),
    extra: Iterable[tuple[Pair, Iterable[str], Iterable[str]]] = (),
    restated: Mapping[Pair, tuple[set[str], set[str]]] | None = None,
) -> LinkChanges:
    """Make every co-organization link of `orgs` follow the rule again, after a merge, an
    unmerge or a retraction changed what they organized. What sources state of a pair is
    kept, with events `rename`d (a merged event) and the `removed` ones dropped (retracted);
    `extra` adds statements (pair, events, sources: a merged record's explicit links), and
    `restated` replaces a pair's statements (an unmerge gives back what the merge took)."""
    org_ids = sorted(set(orgs))
    if not org_ids:
        return LinkChanges()
    extra = list(extra)
    facts, stored = await facts_of(store, orgs=org_ids, pairs=[p for p, _, _ in extra])
    rename = rename or {}
    gone = set(removed)
    for key, (events, sources) in (restated or {}).items():
        f = facts.setdefault(key, PairFacts())
        f.stated_events, f.stated_sources = set(events), set(sources)
    for key, said_events, said_sources in extra:
        facts.setdefault(key, PairFacts()).state(said_events, said_sources)
    for f in facts.values():
        f.stated_events = {rename.get(e, e) for e in f.stated_events} - gone
    return await apply(store, facts, stored)
