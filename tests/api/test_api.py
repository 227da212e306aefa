"""API tests on the bundled sample."""

from __future__ import annotations

import httpx

from ctgraph.store.falkordb import FalkorStore


async def test_routes_on_sample(client: httpx.AsyncClient, sample_store: FalkorStore) -> None:
    r = await client.get("/api/organizations", params={"limit": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] >= 2 and len(body["items"]) == 2
    r = await client.get("/api/entities/org:iom")
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "International Organization for Migration"
    assert (await client.get("/api/entities/org:nope")).status_code == 404
    r = await client.get("/api/search", params={"q": "migraton"})
    assert r.status_code == 200, r.text
    assert any(h["id"] == "org:iom" for h in r.json()["results"])
    r = await client.get("/api/graph/neighborhood", params={"id": "org:iom", "depth": 2})
    assert r.status_code == 200, r.text
    r = await client.get("/api/graph/paths", params={"from": "org:iom", "to": "org:osce"})
    assert r.status_code == 200, r.text
    r = await client.get("/api/graph/co-organization")
    assert r.status_code == 200, r.text
    assert r.json()["nodes"]
    r = await client.get("/api/facets")
    assert r.status_code == 200, r.text
    r = await client.get("/api/events", params={"from": "2019", "to": "2019"})
    assert r.status_code == 200, r.text
    for fmt in ("graphml", "gexf", "csv", "json"):
        r = await client.get("/api/export", params={"format": fmt})
        assert r.status_code == 200, r.text
    r = await client.post("/api/cypher", json={"query": "MATCH (n) RETURN count(n) AS c"})
    assert r.status_code == 200, r.text
    r = await client.post("/api/cypher", json={"query": "CREATE (n:X) RETURN n"})
    assert r.status_code == 403
    assert (await client.get("/api/graph/neighborhood", params={"depth": 9})).status_code == 422
