"""Entities, redirects, errors and admin load, on the sample and on generated data."""

from __future__ import annotations

from pathlib import Path

import httpx

from ctgraph.api.main import create_app
from ctgraph.settings import Settings
from ctgraph.store.falkordb import FalkorStore
from tests.conftest import SAMPLE


async def test_entity_record_has_sources(
    client: httpx.AsyncClient, sample_store: FalkorStore
) -> None:
    r = await client.get("/api/organizations/org:iom")
    body = r.json()
    assert r.status_code == 200, r.text
    assert body["type"] == "Organization"
    assert "IOM" in body["aliases"]
    assert body["events"] and all(e["sourceIds"] for e in body["events"])
    assert {s["id"] for s in body["sources"]} >= {i for e in body["events"] for i in e["sourceIds"]}
    ev = body["events"][0]["event"]["id"]
    r = await client.get(f"/api/events/{ev}")
    assert any(o["organization"]["id"] == "org:iom" for o in r.json()["organizers"])


async def test_lists_order_and_total(client: httpx.AsyncClient, sample_store: FalkorStore) -> None:
    everything = (await client.get("/api/organizations", params={"limit": 1000})).json()
    names = [(i["name"], i["id"]) for i in everything["items"]]
    assert names == sorted(names) and everything["total"] == len(names)
    page = (await client.get("/api/organizations", params={"limit": 2, "offset": 1})).json()
    assert [i["id"] for i in page["items"]] == [i["id"] for i in everything["items"][1:3]]
    r = await client.get("/api/organizations", params={"q": "MIGRATION"})
    assert [i["id"] for i in r.json()["items"]] == ["org:iom"]
    r = await client.get("/api/events", params={"organizer": "org:iom"})
    assert r.json()["total"] >= 1
    r = await client.get("/api/events", params={"limit": 0, "from": "nope"})
    assert r.status_code == 422
    fields = {tuple(e["loc"]) for e in r.json()["detail"]}
    assert ("query", "limit") in fields and ("query", "from") in fields


async def test_merged_id_redirects(client: httpx.AsyncClient, sample_store: FalkorStore) -> None:
    from ctgraph.curation.merge import merge_entities

    await merge_entities(sample_store, "org:odihr", "org:osce-pcuz")
    r = await client.get("/api/organizations/org:osce-pcuz")
    assert r.status_code == 308
    assert r.headers["location"] == "/api/organizations/org:odihr"


async def test_search_diacritics_and_case(
    client: httpx.AsyncClient, sample_store: FalkorStore
) -> None:
    for q in ("international organization for migration", "MIGRÁTION", "iom"):
        r = await client.get("/api/search", params={"q": q})
        assert r.status_code == 200, r.text
        assert "org:iom" in [h["id"] for h in r.json()["results"]], q
    r = await client.get("/api/search", params={"q": "iom", "types": "Person"})
    assert all(h["type"] == "Person" for h in r.json()["results"])


async def test_neighborhood_limit_counts_omitted(
    client: httpx.AsyncClient, sample_store: FalkorStore
) -> None:
    full = (
        await client.get("/api/graph/neighborhood", params={"id": "org:iom", "depth": 3})
    ).json()
    cut = await client.get(
        "/api/graph/neighborhood", params={"id": "org:iom", "depth": 3, "limit": 2}
    )
    body = cut.json()
    assert len(body["nodes"]) == 2 and body["truncated"]
    assert sum(body["omitted"].values()) == full["total"] - 2
    ids = {n["id"] for n in body["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])


async def test_admin_load(settings: Settings, store: FalkorStore) -> None:
    app = create_app(settings, store=store)
    files = [("files", (p.name, p.read_bytes(), "text/csv")) for p in sorted(SAMPLE.iterdir())]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            assert (await c.post("/api/admin/load", files=files)).status_code == 401
            r = await c.post("/api/admin/load", files=files, headers={"X-API-Key": "wrong"})
            assert r.status_code == 403
            r = await c.post(
                "/api/admin/load", files=files, headers={"X-API-Key": "test-admin-key"}
            )
            assert r.status_code == 200, r.text
            assert r.json()["ok"]
            assert (await c.get("/api/entities/org:iom")).status_code == 200
    off = create_app(settings.model_copy(update={"admin_key": None}), store=store)
    async with off.router.lifespan_context(off):
        transport = httpx.ASGITransport(app=off)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            r = await c.post("/api/admin/load", files=files, headers={"X-API-Key": "x"})
            assert r.status_code == 404 and "off" in r.json()["detail"]


async def test_database_down_is_503(settings: Settings, tmp_path: Path) -> None:
    dead = FalkorStore(str(tmp_path / "no.sock"), "g")
    app = create_app(settings, store=dead)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            for url in (
                "/api/entities/org:iom",
                "/api/organizations",
                "/api/graph/co-organization",
            ):
                r = await c.get(url)
                assert r.status_code == 503, (url, r.text)
                assert set(r.json()) == {"detail"}


async def test_generated_data(
    client: httpx.AsyncClient, store: FalkorStore, tmp_path: Path
) -> None:
    from bench.generate import generate
    from ctgraph.loaders import LoadOptions, load_paths

    generate(tmp_path, 2000, seed=1)
    await load_paths(store, [tmp_path], LoadOptions())
    orgs = (await client.get("/api/organizations", params={"limit": 5})).json()
    assert orgs["total"] > 5
    oid = orgs["items"][0]["id"]
    assert (await client.get(f"/api/entities/{oid}")).status_code == 200
    r = await client.get("/api/graph/neighborhood", params={"id": oid, "depth": 2, "limit": 50})
    assert r.status_code == 200 and len(r.json()["nodes"]) <= 50
    co = (await client.get("/api/graph/co-organization")).json()
    assert co["nodes"] and all(n["degree"] >= 1 for n in co["nodes"])
    a, b = co["edges"][0]["source"], co["edges"][-1]["target"]
    r = await client.get("/api/graph/paths", params={"from": a, "to": b, "k": 2})
    assert r.status_code == 200, r.text


async def test_entity_lists_are_capped_with_totals(
    client: httpx.AsyncClient, store: FalkorStore, tmp_path: Path
) -> None:
    from bench.generate import generate
    from ctgraph.loaders import LoadOptions, load_paths

    generate(tmp_path, 3000, seed=5)
    await load_paths(store, [tmp_path], LoadOptions())
    # The generator's busiest organization comes first.
    full = (await client.get("/api/organizations/org:o0", params={"limit": 5000})).json()
    assert not full["truncated"]
    assert full["totals"]["events"] == len(full["events"]) > 10
    assert full["totals"]["coOrganizers"] == len(full["coOrganizers"]) > 5
    r = await client.get("/api/organizations/org:o0", params={"limit": 5})
    capped = r.json()
    assert r.status_code == 200 and capped["truncated"]
    assert capped["totals"] == full["totals"]
    assert len(capped["events"]) == 5 and len(capped["coOrganizers"]) == 5
    assert all(len(capped[k]) <= 5 for k in capped["totals"])
    # Links to co-organizers run both ways (smaller id to larger): the cap holds across both.
    mid = (await client.get("/api/organizations/org:o40", params={"limit": 3})).json()
    assert len(mid["coOrganizers"]) <= 3 and mid["totals"]["coOrganizers"] > 3
    # The latest events and the heaviest co-organizers are the ones kept.
    dates = sorted((e["event"]["startDate"] or "" for e in full["events"]), reverse=True)
    assert sorted(e["event"]["startDate"] or "" for e in capped["events"]) == sorted(dates[:5])
    weights = [c["weight"] for c in full["coOrganizers"]][:5]
    assert [c["weight"] for c in capped["coOrganizers"]] == weights
    cited = set(capped["sourceIds"]) | {
        i for k in capped["totals"] for f in capped[k] for i in f.get("sourceIds", [])
    }
    assert {s["id"] for s in capped["sources"]} <= cited
    assert (await client.get("/api/organizations/org:o0", params={"limit": 0})).status_code == 422


async def test_sample_records_are_whole(
    client: httpx.AsyncClient, sample_store: FalkorStore
) -> None:
    body = (await client.get("/api/organizations/org:iom")).json()
    assert not body["truncated"]
    assert body["totals"]["events"] == len(body["events"]) >= 1
