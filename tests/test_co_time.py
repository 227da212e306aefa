"""Co-organization respects time: one dated spell per shared event, undated links said so,
and the network's evolution year by year."""

from __future__ import annotations

from pathlib import Path

import httpx

from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import write_folder

SRC = "source:t-report"
BATCH = {
    "sources.csv": f"id,name,publisher\n{SRC},A report on two meetings,Test desk\n",
    "organizations.csv": (
        "id,name,kind,country,sourceIds\n"
        f"org:t-alpha,Alpha Anti-trafficking Network,ngo,uz,{SRC}\n"
        f"org:t-beta,Beta Migration Centre,ngo,uz,{SRC}\n"
    ),
    "events.csv": (
        "id,name,kind,startDate,sourceIds\n"
        f"event:t-2018,Meeting of 2018,meeting,2018-03-01,{SRC}\n"
        f"event:t-2021,Meeting of 2021,meeting,2021-06-15,{SRC}\n"
    ),
    "organized.csv": (
        "organizationId,eventId,role,sourceIds\n"
        f"org:t-alpha,event:t-2018,organizer,{SRC}\n"
        f"org:t-beta,event:t-2018,co-organizer,{SRC}\n"
        f"org:t-alpha,event:t-2021,organizer,{SRC}\n"
        f"org:t-beta,event:t-2021,co-organizer,{SRC}\n"
    ),
    "co_organizations.csv": f"organizationId,partnerId,sourceIds\norg:t-alpha,org:iom,{SRC}\n",
}


def _edge(body: dict, a: str, b: str) -> dict | None:  # type: ignore[type-arg]
    return next((e for e in body["edges"] if {e["source"], e["target"]} == {a, b}), None)


async def test_spells_per_event_and_periods(
    client: httpx.AsyncClient, sample_store: GraphStore, tmp_path: Path
) -> None:
    report = await load_paths(sample_store, [write_folder(tmp_path / "b", BATCH)], LoadOptions())
    assert report.ok, report.errors
    whole = (await client.get("/api/graph/co-organization")).json()
    pair = _edge(whole, "org:t-alpha", "org:t-beta")
    assert pair is not None
    assert [s["date"] for s in pair["properties"]["spells"]] == ["2018-03-01", "2021-06-15"]
    assert _edge(whole, "org:t-alpha", "org:iom") is not None
    between = (
        await client.get("/api/graph/co-organization", params={"from": "2019", "to": "2020"})
    ).json()
    assert _edge(between, "org:t-alpha", "org:t-beta") is None
    assert _edge(between, "org:t-alpha", "org:iom") is None
    assert between["undated"] >= 1
    in_2021 = (
        await client.get("/api/graph/co-organization", params={"from": "2021", "to": "2021"})
    ).json()
    kept = _edge(in_2021, "org:t-alpha", "org:t-beta")
    assert kept is not None and kept["properties"]["weight"] == 1


async def test_evolution_year_by_year(
    client: httpx.AsyncClient, sample_store: GraphStore, tmp_path: Path
) -> None:
    await load_paths(sample_store, [write_folder(tmp_path / "b", BATCH)], LoadOptions())
    r = await client.get("/api/graph/co-organization/evolution", params={"from": 2018})
    assert r.status_code == 200, r.text
    years = {y["year"]: y for y in r.json()["years"]}
    assert sorted(years) == [2018, 2019, 2020, 2021]
    assert {"org:t-alpha", "org:t-beta"} <= set(years[2018]["joined"])
    assert ["org:t-alpha", "org:t-beta"] in years[2018]["newLinks"]
    assert years[2020]["organizations"] == 0 and years[2020]["links"] == 0
    assert {"org:t-alpha", "org:t-beta"} <= set(years[2021]["left"])
    assert ["org:t-alpha", "org:t-beta"] in years[2021]["endedLinks"]
    assert years[2021]["degree"]["org:t-alpha"] == 1
    assert years[2019]["organizations"] >= 4  # the Tashkent round-table's organizers
    assert all(0 <= b <= 1 for b in years[2019]["betweenness"].values())
