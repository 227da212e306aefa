"""A merged id is honoured on every route and parameter that takes an id."""

from __future__ import annotations

from pathlib import Path

import httpx

from ctgraph.curation.merge import merge_entities
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import write_folder


async def test_a_merged_id_works_on_every_route(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    await merge_entities(sample_store, "org:odihr", "org:osce-pcuz")
    for path, params in (
        ("/api/graph/neighborhood", {"id": "org:osce-pcuz", "depth": 1}),
        ("/api/view/network", {"id": "org:osce-pcuz", "depth": 1}),
        ("/api/export", {"id": "org:osce-pcuz", "depth": 1, "format": "json"}),
    ):
        merged = await client.get(path, params=params)
        assert merged.status_code == 200, (path, merged.text)
        kept = await client.get(path, params={**params, "id": "org:odihr"})
        assert merged.json() == kept.json(), path
    hood = (await client.get("/api/graph/neighborhood", params={"id": "org:osce-pcuz"})).json()
    assert hood["center"] == "org:odihr"
    paths = await client.get("/api/graph/paths", params={"from": "org:osce-pcuz", "to": "org:iom"})
    assert paths.status_code == 200 and paths.json()["paths"], paths.text
    assert paths.json()["paths"][0]["nodes"][0]["id"] == "org:odihr"
    by_old = (await client.get("/api/events", params={"organizer": "org:osce-pcuz"})).json()
    by_new = (await client.get("/api/events", params={"organizer": "org:odihr"})).json()
    assert by_old == by_new and by_new["total"] >= 1


async def test_a_typed_route_refuses_another_types_id(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    person = "person:ulugbek-gainazarov"
    assert (await client.get(f"/api/people/{person}")).status_code == 200
    wrong = await client.get(f"/api/organizations/{person}")
    assert wrong.status_code == 404
    assert "is a person" in wrong.json()["detail"]
    assert (await client.get(f"/api/entities/{person}")).status_code == 200


async def test_an_admins_own_id_for_a_matched_record_works_on_every_route(
    client: httpx.AsyncClient, sample_store: GraphStore, tmp_path: Path
) -> None:
    batch = write_folder(
        tmp_path / "own",
        {
            "organizations.csv": (
                "id,name,sourceIds\n"
                "org:my-iom,International Organization for Migration,source:osce-2019-11-26\n"
            )
        },
    )
    report = await load_paths(sample_store, [batch], LoadOptions())
    assert report.ok and [m.matchedId for m in report.matches] == ["org:iom"]
    r = await client.get("/api/entities/org:my-iom")
    assert r.status_code == 308 and r.headers["location"] == "/api/entities/org:iom"
    hood = (await client.get("/api/graph/neighborhood", params={"id": "org:my-iom"})).json()
    assert hood["center"] == "org:iom"
    by_own = (await client.get("/api/events", params={"organizer": "org:my-iom"})).json()
    by_iom = (await client.get("/api/events", params={"organizer": "org:iom"})).json()
    assert by_own == by_iom and by_iom["total"] >= 1
