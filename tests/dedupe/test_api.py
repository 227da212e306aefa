"""The duplicates API behind the admin key, on both databases: candidates, one pair in full,
judgements and their undo, merge preview, merge and unmerge; the name in use at an event."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ctgraph.store import GraphStore
from tests.dedupe.conftest import COMMISSION, EARLIER

KEY = {"X-API-Key": "test-admin-key"}
REPUBLICAN = "org:uz-republican-commission"
SEMINAR_2013 = "event:2013-05-22-tashkent-victims-seminar"


@pytest.fixture
async def api(renamed_store: GraphStore, client: httpx.AsyncClient) -> httpx.AsyncClient:
    return client


async def test_the_routes_need_the_key(api: httpx.AsyncClient) -> None:
    for method, url, body in [
        ("GET", "/api/admin/candidates", None),
        ("GET", f"/api/admin/candidates/pair?a={COMMISSION}&b={REPUBLICAN}", None),
        ("POST", "/api/admin/judgements", {"a": COMMISSION, "b": REPUBLICAN, "decision": "same"}),
        ("GET", "/api/admin/judgements", None),
        ("POST", "/api/admin/judgements/1/undo", None),
        ("GET", f"/api/admin/merge/preview?keep={COMMISSION}&drop={REPUBLICAN}", None),
        ("POST", "/api/admin/merge", {"keep": COMMISSION, "drop": REPUBLICAN}),
        ("POST", "/api/admin/unmerge", {"drop": REPUBLICAN}),
        ("GET", "/api/admin/merges", None),
    ]:
        r = await api.request(method, url, json=body)
        assert r.status_code == 401, (url, r.text)
        r = await api.request(method, url, json=body, headers={"X-API-Key": "wrong"})
        assert r.status_code == 403, (url, r.text)
    assert (await api.get("/api/admin/judgements", headers=KEY)).json()["total"] == 0


async def test_candidates_pair_and_judgements(api: httpx.AsyncClient) -> None:
    r = await api.get("/api/admin/candidates", params={"type": "Organization"}, headers=KEY)
    assert r.status_code == 200, r.text
    body = r.json()
    top = body["items"][: len(EARLIER) + 1]
    pairs = [{i["a"]["id"], i["b"]["id"]} for i in top]
    assert {COMMISSION, "org:uz-iatc"} in pairs
    assert all(i["features"] and 0 <= i["score"] <= 1 for i in body["items"])
    doubt = await api.get(
        "/api/admin/candidates", params={"type": "Organization", "order": "uncertain"}, headers=KEY
    )
    assert doubt.json()["total"] == body["total"]
    assert doubt.json()["items"][0] == body["items"][0]  # the strongest, then the least sure
    second = doubt.json()["items"][1]["score"]
    assert abs(second - 0.5) <= min(abs(i["score"] - 0.5) for i in body["items"]) + 1e-9
    pair = await api.get(
        "/api/admin/candidates/pair", params={"a": COMMISSION, "b": REPUBLICAN}, headers=KEY
    )
    assert pair.status_code == 200, pair.text
    p = pair.json()
    assert p["agreement"]["country"] == "agree" and p["agreement"]["kind"] == "agree"
    assert [o["id"] for o in p["shared"]["organizations"]] == ["org:osce-pcuz", "org:unodc-roca"]
    assert p["decision"] is None and p["history"] == []
    made = await api.post(
        "/api/admin/judgements",
        json={"a": REPUBLICAN, "b": COMMISSION, "decision": "same", "note": "renamed", "by": "ana"},
        headers=KEY,
    )
    assert made.status_code == 201, made.text
    j = made.json()
    assert j["decision"] == "same" and j["by"] == "ana" and j["seq"] == 1
    left = await api.get("/api/admin/candidates", params={"type": "Organization"}, headers=KEY)
    assert left.json()["total"] < body["total"]
    assert {COMMISSION, REPUBLICAN} not in [
        {i["a"]["id"], i["b"]["id"]} for i in left.json()["items"]
    ]
    shown = await api.get(
        "/api/admin/candidates", params={"type": "Organization", "judged": "true"}, headers=KEY
    )
    judged = [i for i in shown.json()["items"] if i["decision"]]
    assert judged and judged[0]["judgement"]["seq"] == 1
    undone = await api.post("/api/admin/judgements/1/undo", headers=KEY)
    assert undone.status_code == 201 and undone.json()["undoes"] == 1
    again = await api.post("/api/admin/judgements/1/undo", headers=KEY)
    assert again.status_code == 422 and "already undone" in again.json()["detail"]
    log = (await api.get("/api/admin/judgements", headers=KEY)).json()
    assert [i["decision"] for i in log["items"]] == ["undone", "same"]  # newest first
    bad = await api.post(
        "/api/admin/judgements",
        json={"a": COMMISSION, "b": "org:nowhere", "decision": "same"},
        headers=KEY,
    )
    assert bad.status_code == 422 and "org:nowhere" in bad.json()["detail"]
    maybe = await api.post(
        "/api/admin/judgements",
        json={"a": COMMISSION, "b": REPUBLICAN, "decision": "maybe"},
        headers=KEY,
    )
    assert maybe.status_code == 422 and "decision" in maybe.text


async def test_preview_merge_unmerge_and_the_name_then(api: httpx.AsyncClient) -> None:
    before: dict[str, Any] = (await api.get(f"/api/entities/{COMMISSION}")).json()
    p = await api.get(
        "/api/admin/merge/preview", params={"keep": COMMISSION, "drop": REPUBLICAN}, headers=KEY
    )
    assert p.status_code == 200, p.text
    assert p.json()["moves"]["ORGANIZED"] == 1 and p.json()["conflicts"] == []
    m = await api.post(
        "/api/admin/merge", json={"keep": COMMISSION, "drop": REPUBLICAN}, headers=KEY
    )
    assert m.status_code == 200, m.text
    assert m.json()["merge"] == 1
    # The 2013 seminar shows the commission by its current name, and the name it used then.
    seminar = (await api.get(f"/api/entities/{SEMINAR_2013}")).json()
    org = next(o for o in seminar["organizers"] if o["organization"]["id"] == COMMISSION)
    assert org["nameThen"] == "Republican Inter-agency Commission on Combating Human Trafficking"
    rec = (await api.get(f"/api/entities/{COMMISSION}")).json()
    ev = next(e for e in rec["events"] if e["event"]["id"] == SEMINAR_2013)
    assert ev["nameThen"] == org["nameThen"]
    others = [e for e in rec["events"] if e["event"]["id"] != SEMINAR_2013]
    assert others and all(e["nameThen"] is None for e in others)
    # Search finds it by the old name.
    hits = (await api.get("/api/search", params={"q": "Republican Inter-agency"})).json()
    assert COMMISSION in [h["id"] for h in hits["results"]]
    merges = (await api.get("/api/admin/merges", headers=KEY)).json()
    assert merges["items"][0]["drop"] == REPUBLICAN and merges["items"][0]["undone"] is False
    u = await api.post("/api/admin/unmerge", json={"drop": REPUBLICAN}, headers=KEY)
    assert u.status_code == 200, u.text
    assert (await api.get(f"/api/entities/{COMMISSION}")).json() == before
    again = await api.post("/api/admin/unmerge", json={"drop": REPUBLICAN}, headers=KEY)
    assert again.status_code == 422 and "no merge" in again.json()["detail"]
    person = "person:ulugbek-gainazarov"
    wrong = await api.get(
        "/api/admin/merge/preview", params={"keep": COMMISSION, "drop": person}, headers=KEY
    )
    assert wrong.status_code == 422 and "only records of one type" in wrong.json()["detail"]
