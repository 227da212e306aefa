"""Neighbourhoods are induced subgraphs, cut fairly and truthfully."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx

from ctgraph.graph import analytics
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import write_folder

AMONG = (
    "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids AND b.id IN $ids "
    "RETURN a.id AS a, type(r) AS t, b.id AS b, r.position AS p"
)


async def test_neighborhood_holds_every_relationship_among_its_nodes(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    body = (
        await client.get("/api/graph/neighborhood", params={"id": "org:iom", "depth": 2})
    ).json()
    ids = [n["id"] for n in body["nodes"]]
    assert len(ids) == 11 and not body["truncated"]
    among = await sample_store.cypher_readonly(
        AMONG, {"ids": ids}, timeout_ms=10_000, row_cap=10_000
    )
    assert len(body["edges"]) == len(among.rows) > 13
    assert len({e["id"] for e in body["edges"]}) == len(body["edges"])
    # The Tashkent round-table is organized by four bodies, and all four links are shown.
    round_table = "event:2019-11-26-tashkent-roundtable"
    organizers = {e["source"] for e in body["edges"] if e["target"] == round_table}
    assert len(organizers & set(ids)) >= 4 or round_table not in ids


async def test_a_cut_is_shared_among_types_and_says_how_to_get_the_rest(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    full = (
        await client.get("/api/graph/neighborhood", params={"id": "org:osce", "depth": 2})
    ).json()
    second_hop = Counter(n["labels"][0] for n in full["nodes"][1:])
    assert len(second_hop) >= 2, second_hop
    cut = (
        await client.get(
            "/api/graph/neighborhood", params={"id": "org:osce", "depth": 2, "limit": 4}
        )
    ).json()
    kinds = Counter(n["labels"][0] for n in cut["nodes"])
    assert len(cut["nodes"]) == 4 and cut["truncated"]
    assert len(kinds) >= 2, kinds
    assert sum(cut["omitted"].values()) == full["total"] - 4
    assert "limit" in cut["hint"] and str(full["total"]) in cut["hint"]
    assert full["hint"] is None


async def test_a_hub_on_the_way_is_read_no_further_than_its_cap(
    store: GraphStore, tmp_path: Path
) -> None:
    """A small body's neighbourhood that reaches a hub (an agency at 250 events) reads at most
    the cap of the hub's links, the latest first, and counts the rest in `capped`, on both
    databases alike."""
    n = 250
    events = "".join(
        f"event:e{i:03d},Event {i},workshop,{2000 + i // 12}-{i % 12 + 1:02d}-01,,day,"
        ",,,,,,source:s\n"
        for i in range(n)
    )
    organized = "".join(f"org:hub,event:e{i:03d},organizer,source:s\n" for i in range(n))
    folder = write_folder(
        tmp_path / "hub",
        {
            "sources.csv": "id,name\nsource:s,S\n",
            "organizations.csv": "id,name,sourceIds\norg:hub,Hub Agency,source:s\n"
            "org:leaf,Leaf Centre,source:s\n",
            "events.csv": "id,name,kind,startDate,endDate,datePrecision,monthDay,city,country,"
            "venue,participantsCount,occasion,sourceIds\n"
            "event:small,Small meeting,meeting,1999-05-01,,day,,,,,,,source:s\n" + events,
            "organized.csv": "organizationId,eventId,role,sourceIds\n"
            "org:leaf,event:small,organizer,source:s\norg:hub,event:small,co-organizer,source:s\n"
            + organized,
        },
    )
    report = await load_paths(store, [folder], LoadOptions())
    assert report.ok, report
    types = ("Organization", "Person", "Event")
    hood = await analytics.neighborhood(
        store, "org:leaf", depth=3, types=types, start=None, end=None, country=None,
        limit=5000, hop_cap=100,
    )  # fmt: skip
    ids = {x.id for x in hood.nodes}
    assert "org:hub" in ids
    hub_events = sorted(i for i in ids if i.startswith("event:e"))
    # The hub's 100 latest events of its 251; the other 151 links are counted, not read.
    assert hub_events == [f"event:e{i:03d}" for i in range(n - 100, n)], hub_events[:3]
    assert hood.capped.get("ORGANIZED") == n + 1 - 100, hood.capped
    assert hood.truncated and hood.hint and "links of busy nodes were not read" in hood.hint
    # Under the cap, nothing is capped.
    whole = await analytics.neighborhood(
        store, "org:leaf", depth=3, types=types, start=None, end=None, country=None,
        limit=5000, hop_cap=1000,
    )  # fmt: skip
    assert not whole.capped and len(whole.nodes) == n + 3
    # At depth 1 the small centre's own links are all read: the links of its neighbours
    # (the hub's 250 other events) lead beyond the depth asked for and are not counted.
    near = await analytics.neighborhood(
        store, "org:leaf", depth=1, types=types, start=None, end=None, country=None,
        limit=5000, hop_cap=100,
    )  # fmt: skip
    assert not near.capped and not near.truncated, near.capped
