"""Neighbourhoods are induced subgraphs, cut fairly and truthfully."""

from __future__ import annotations

from collections import Counter

import httpx

from ctgraph.store.base import GraphStore

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
