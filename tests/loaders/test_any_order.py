"""Curation in any order: random sequences of loads, merges, unmerges (latest or not) and
retractions, on both databases. After every step each co-organization link is what the graph's
ORGANIZED links and stated pairs make it (checked against a computation of this test's own);
once every merge is undone, the graph is the one its loads and retractions build from scratch."""

from __future__ import annotations

import json
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ctgraph.curation.merge import MergeError, merge_entities, unmerge
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.loaders.models import RetractionRecord
from ctgraph.loaders.retract import retract_one
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import write_folder

ORGS = [f"org:o{i}" for i in range(5)]
EVENTS = ["event:e0", "event:e1", "event:e2", "event:e3"]
DATES = {"event:e0": "2012-03-01", "event:e1": "2016-06-02", "event:e2": "2024-01-20"}
S1, S2 = "source:s1", "source:s2"
BASE = {
    "sources.csv": f"id,name\n{S1},First report\n{S2},Second report\n",
    "organizations.csv": "id,name,kind,sourceIds\n"
    + "".join(f"{o},Body number {o[-1]} against trafficking,ngo,{S1}\n" for o in ORGS),
    "events.csv": "id,name,startDate,datePrecision,monthDay,sourceIds\n"
    + "".join(
        f"{e},Meeting {e[-1]},{DATES[e]},day,,{S1}\n"
        if e in DATES
        else f"{e},Meeting {e[-1]},,unknown-year,07-30,{S1}\n"
        for e in EVENTS
    ),
}
# What the test leaves out when it compares graphs: the logs of curation itself.
LIVE = (
    "MATCH (n) WHERE NOT n:Change AND NOT n:MergeRecord AND NOT n:Judgement "
    "RETURN labels(n) AS labels, properties(n) AS props"
)
RELS = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"

organized = st.tuples(st.sampled_from(ORGS), st.sampled_from(EVENTS), st.sampled_from([S1, S2]))
stated = st.tuples(
    st.sampled_from(ORGS), st.sampled_from(ORGS), st.sampled_from(EVENTS), st.just(S2)
).filter(lambda t: t[0] != t[1])
step = st.one_of(
    st.tuples(st.just("load"), st.lists(organized, max_size=4), st.lists(stated, max_size=1)),
    st.tuples(st.just("merge"), st.sampled_from(ORGS), st.sampled_from(ORGS)),
    st.tuples(st.just("merge"), st.sampled_from(EVENTS), st.sampled_from(EVENTS)),
    st.tuples(st.just("unmerge"), st.integers(0, 9)),
    st.tuples(st.just("retract"), st.integers(0, 99)),
)
story = st.tuples(st.lists(organized, min_size=3, max_size=8), st.lists(step, max_size=7))


async def _rows(store: GraphStore, query: str) -> list[Any]:
    got = await store.cypher_readonly(query, None, timeout_ms=60_000, row_cap=1_000_000)
    return list(got.rows)


async def _snapshot(store: GraphStore) -> tuple[list[str], list[str]]:
    nodes = [json.dumps(r, sort_keys=True) for r in await _rows(store, LIVE)]
    rels = [json.dumps(r, sort_keys=True) for r in await _rows(store, RELS)]
    return sorted(nodes), sorted(rels)


async def _check_links(store: GraphStore) -> None:
    """Every co-organization link is exactly what the graph makes it, and none is missing."""
    rels = await _rows(store, RELS)
    dates = {r[1]["id"]: r[1].get("startDate") for r in await _rows(store, LIVE) if "Event" in r[0]}
    by_event: dict[str, dict[str, list[str]]] = {}
    links: dict[tuple[str, str], dict[str, Any]] = {}
    for a, rtype, b, props in rels:
        if rtype == "ORGANIZED":
            by_event.setdefault(b, {})[a] = props.get("sourceIds") or []
        if rtype == "CO_ORGANIZED_WITH":
            key = (min(a, b), max(a, b))
            assert key not in links, f"two co-organization links between {key}"
            assert a < b, f"a link stored from {a} to {b}"
            links[key] = props
    want: dict[tuple[str, str], dict[str, Any]] = {}
    for event, orgs in by_event.items():
        for a in orgs:
            for b in orgs:
                if a < b:
                    w = want.setdefault((a, b), {"events": set(), "sources": set()})
                    w["events"].add(event)
                    w["sources"].update(orgs[a], orgs[b])
    for key, props in links.items():
        w = want.setdefault(key, {"events": set(), "sources": set()})
        w["events"].update(props.get("statedEventIds") or [])
        w["sources"].update(props.get("statedSourceIds") or [])
        assert props.get("explicit") == bool(props.get("statedSourceIds")), props
    assert set(links) == set(want), (sorted(links), sorted(want))
    for key, w in want.items():
        props = links[key]
        assert props["eventIds"] == sorted(w["events"]), (key, props, w)
        assert props["weight"] == len(w["events"]), (key, props)
        assert props["sourceIds"] == sorted(w["sources"]), (key, props, w)
        known = sorted(d for e in w["events"] if (d := dates.get(e)))
        assert props.get("firstDate") == (known[0] if known else None), (key, props)
        assert props.get("lastDate") == (known[-1] if known else None), (key, props)


def _load_files(
    rows: list[tuple[str, str, str]], pairs: list[tuple[str, str, str, str]]
) -> dict[str, str]:
    files = {"organized.csv": "organizationId,eventId,role,sourceIds\n"}
    files["organized.csv"] += "".join(f"{o},{e},organizer,{s}\n" for o, e, s in rows)
    if pairs:
        files["co_organizations.csv"] = "organizationId,partnerId,eventIds,sourceIds\n" + "".join(
            f"{a},{b},{e},{s}\n" for a, b, e, s in pairs
        )
    return files


async def _load(store: GraphStore, folder: Path, files: dict[str, str]) -> None:
    await load_paths(store, [write_folder(folder, files)], LoadOptions(candidates=False))


async def _clear(store: GraphStore) -> None:
    await store.clear()
    await store.ensure_schema()


async def _play(store: GraphStore, tmp: Path, base: Any, steps: Any) -> list[Any]:
    """Play a story, checking the links after each step; the writes that would build the same
    graph without merges (`replay`)."""
    live_ids = set(ORGS) | set(EVENTS)
    merged: list[str] = []  # dropped ids, in merge order
    replay: list[Any] = []
    first = {**BASE, **_load_files(base, [])}
    await _load(store, tmp / "base", first)
    replay.append(("load", first))
    await _check_links(store)
    for n, s in enumerate(steps):
        if s[0] == "load":
            # A load names records as they stand: rows naming a merged id are left out.
            rows = [r for r in s[1] if r[0] in live_ids and r[1] in live_ids]
            pairs = [p for p in s[2] if {p[0], p[1], p[2]} <= live_ids]
            files = _load_files(rows, pairs)
            await _load(store, tmp / f"step{n}", files)
            replay.append(("load", files))
        elif s[0] == "merge":
            keep, drop = s[1], s[2]
            try:
                await merge_entities(store, keep, drop)
            except MergeError as exc:
                assert str(exc)  # refused, saying why
                assert keep == drop or drop not in live_ids or keep not in live_ids
                continue
            if drop in live_ids:  # else a rerun of a merge made before: nothing new
                live_ids.discard(drop)
                merged.append(drop)
        elif s[0] == "unmerge" and merged:
            drop = merged[s[1] % len(merged)]
            try:
                back = await unmerge(store, drop)
            except MergeError as exc:
                assert "was merged into" in str(exc) and "since" in str(exc), exc
                continue
            assert back["drop"] == drop
            merged.remove(drop)
            live_ids.add(drop)
        elif s[0] == "retract":
            rels = [
                (a, b)
                for a, rtype, b, _ in await _rows(store, RELS)
                if rtype == "ORGANIZED" and {a, b} <= live_ids
            ]
            if not rels or merged:
                continue  # a retraction while merges stand is checked by the links alone
            a, b = sorted(rels)[s[1] % len(rels)]
            rec = RetractionRecord(
                relationship="organized", organizationId=a, eventId=b, reason="wrong"
            )
            await retract_one(store, rec)
            replay.append(("retract", rec))
        await _check_links(store)
    # Every merge still standing undone, the latest first.
    for drop in reversed(merged):
        await unmerge(store, drop)
        await _check_links(store)
    return replay


async def test_an_unmerge_that_is_not_the_latest_leaves_no_event_counted_twice(
    store: GraphStore, tmp_path: Path
) -> None:
    """Merge B into A, merge C into A, unmerge B: A's link to X loses B's event, B's comes back,
    and the graph is the one the loads alone build."""
    a, b, c, x = ORGS[:4]
    rows = [(a, "event:e0", S1), (x, "event:e0", S1), (b, "event:e1", S1), (x, "event:e1", S2)]
    rows += [(c, "event:e2", S2), (x, "event:e2", S2)]
    files = {**BASE, **_load_files(rows, [])}
    await _load(store, tmp_path / "base", files)
    before = await _snapshot(store)
    await merge_entities(store, a, b)
    await merge_entities(store, a, c)
    await unmerge(store, b)
    await _check_links(store)
    links = {(r[0], r[2]): r[3] for r in await _rows(store, RELS) if r[1] == "CO_ORGANIZED_WITH"}
    assert links[(a, x)]["eventIds"] == ["event:e0", "event:e2"]
    assert links[(a, x)]["weight"] == 2 and links[(a, x)]["firstDate"] == "2012-03-01"
    assert links[(b, x)]["eventIds"] == ["event:e1"] and links[(b, x)]["sourceIds"] == [S1, S2]
    await unmerge(store, c)
    assert await _snapshot(store) == before


@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    # A failure names its pair and step; shrinking a story of database writes takes minutes.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(story=story)
async def test_any_order_of_curation_keeps_derived_facts_exact(
    store: GraphStore, story: Any
) -> None:
    base, steps = story
    await _clear(store)
    with TemporaryDirectory() as d:
        replay = await _play(store, Path(d), base, steps)
        played = await _snapshot(store)
        # The same loads and retractions, no merge at all, on an empty graph.
        await _clear(store)
        for n, (what, item) in enumerate(replay):
            if what == "load":
                await _load(store, Path(d) / f"again{n}", item)
            else:
                await retract_one(store, item)
    assert await _snapshot(store) == played
