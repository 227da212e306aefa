"""The routes the researcher's page stands on, on both databases: search that puts the exact
name first, the time axis, a source's facts, co-organization links of unknown year counted and
shown on request, and the data's generation with what changed since one."""

from __future__ import annotations

from pathlib import Path

import httpx

from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store.base import GraphStore


def _orgs(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["id,name,aliases,kind,country,parentId,sourceIds"]
    rows += [f"org:bcm-{i},{n},,igo,,,source:bcm" for i, n in enumerate(names)]
    (folder / "organizations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "sources.csv").write_text(
        "id,name,publisher,publishedDate,url\nsource:bcm,Missions,Registry,,\n",
        encoding="utf-8",
    )
    return folder


async def test_search_puts_the_exact_name_first(
    client: httpx.AsyncClient, store: GraphStore, tmp_path: Path
) -> None:
    # Many names that share every word but a number: the number decides.
    names = [f"Border Co-operation Mission {i}" for i in range(12)]
    names += ["Border Co-operation Mission 0 Liaison Office in Border Town"]
    report = await load_paths(store, [_orgs(tmp_path / "in", names)], LoadOptions())
    assert report.ok, report
    r = await client.get("/api/search", params={"q": "Border Co-operation Mission 0", "limit": 5})
    assert r.status_code == 200, r.text
    hits = r.json()["results"]
    assert hits[0]["name"] == "Border Co-operation Mission 0"
    assert hits[0]["match"] == "exact"
    # The longer name that starts with it comes next, before the other missions.
    assert hits[1]["name"].startswith("Border Co-operation Mission 0 ")
    assert hits[1]["match"] == "prefix"
    r = await client.get("/api/search", params={"q": "border mission 7"})
    assert r.json()["results"][0]["name"] == "Border Co-operation Mission 7"


async def test_search_says_which_alias_matched(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    r = await client.get("/api/search", params={"q": "IOM"})
    hit = r.json()["results"][0]
    assert hit["id"] == "org:iom" and hit["matched"] == "IOM" and hit["match"] == "exact"
    r = await client.get("/api/search", params={"q": "Kevin"})
    hit = r.json()["results"][0]
    assert hit["name"] == "Kevin Hyland" and hit["matched"] is None and hit["match"] == "prefix"


async def test_timeline_counts_events_per_year(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    r = await client.get("/api/timeline")
    assert r.status_code == 200, r.text
    t = r.json()
    # The sample: the 2019 round-table; the Senate conference's year is unknown.
    assert t == {"years": [{"year": 2019, "events": 1}], "unknownYear": 1}


async def test_a_source_lists_every_fact_it_supports(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    r = await client.get("/api/sources/source:osce-2019-11-26/facts")
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["source"]["properties"]["publisher"] == "OSCE"
    ids = {e["id"] for e in s["entities"]}
    assert "event:2019-11-26-tashkent-roundtable" in ids and "org:odihr" in ids
    assert s["entityTotal"] == len(s["entities"])
    facts = {(f["source"], f["type"], f["target"]) for f in s["relationships"]}
    assert ("org:odihr", "ORGANIZED", "event:2019-11-26-tashkent-roundtable") in facts
    # The links to the source itself are not facts it supports.
    assert all(f["target"] != "source:osce-2019-11-26" for f in s["relationships"])
    assert all("nameKeys" not in f["properties"] for f in s["relationships"])
    assert s["relationshipTotal"] == len(s["relationships"])
    capped = (await client.get("/api/sources/source:osce-2019-11-26/facts?limit=2")).json()
    assert len(capped["relationships"]) == 2 and capped["relationshipTotal"] == len(facts)
    r = await client.get("/api/sources/org:iom/facts")
    assert r.status_code == 404 and "not a source" in r.json()["detail"]
    assert (await client.get("/api/sources/source:nope/facts")).status_code == 404


async def test_undated_links_are_counted_and_shown_on_request(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    whole = (await client.get("/api/graph/co-organization")).json()
    year = (await client.get("/api/graph/co-organization?from=2019&to=2019")).json()
    shown = (await client.get("/api/graph/co-organization?from=2019&to=2019&undated=true")).json()
    assert year["undated"] == 3 and len(year["edges"]) == len(whole["edges"]) - 3
    assert shown["undated"] == 3 and len(shown["edges"]) == len(whole["edges"])
    marked = [e for e in shown["edges"] if e["properties"].get("undated")]
    assert len(marked) == 3 and all(e["properties"]["weight"] >= 1 for e in marked)
    assert {n["id"] for n in shown["nodes"]} == {n["id"] for n in whole["nodes"]}
    r = await client.get(
        "/api/export", params={"view": "coorg", "format": "json", "from": "2019", "undated": "true"}
    )
    assert r.status_code == 200 and len(r.json()["edges"]) == len(whole["edges"])


async def test_generation_and_what_changed_since(
    client: httpx.AsyncClient, sample_store: GraphStore, store: GraphStore, tmp_path: Path
) -> None:
    gen = (await client.get("/api/generation")).json()
    assert gen["at"] and gen["writes"] == 1
    nothing = (await client.get("/api/changes", params={"since": gen["at"]})).json()
    assert nothing["total"] == 0 and nothing["counts"] == [] and nothing["items"] == []
    report = await load_paths(store, [_orgs(tmp_path / "in", ["Border Mission"])], LoadOptions())
    assert report.ok, report
    after = (await client.get("/api/generation")).json()
    assert after["at"] > gen["at"] and after["writes"] == 2
    ch = (await client.get("/api/changes", params={"since": gen["at"]})).json()
    assert ch["generation"] == after
    created = {c["op"]: c for c in ch["counts"]}["create"]
    assert created["entities"] == 2  # the organization and its source
    assert {i["entityId"] for i in ch["items"]} >= {"org:bcm-0", "source:bcm"}
    # Loading the same again changes nothing: the generation stays.
    await load_paths(store, [tmp_path / "in"], LoadOptions())
    assert (await client.get("/api/generation")).json() == after
    bad = await client.get("/api/changes", params={"since": "yesterday"})
    assert bad.status_code == 422
