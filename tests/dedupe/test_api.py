"""The duplicates API behind the admin key, on both databases: candidates (above a threshold),
one pair in full, judgements and their undo, merge preview, merge, unmerge preview and unmerge;
the name in use at an event."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ctgraph.settings import Settings
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
        ("GET", f"/api/admin/unmerge/preview?drop={REPUBLICAN}", None),
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


async def test_candidates_below_the_threshold_are_left_out_and_counted(
    api: httpx.AsyncClient,
) -> None:
    """Pairs scored below CTGRAPH_REVIEW_MIN_SCORE (0.1) are not offered unless asked for
    (`min_score=0`); the answer says the threshold and how many it left out."""
    every = await api.get(
        "/api/admin/candidates",
        params={"type": "Organization", "min_score": 0, "limit": 500},
        headers=KEY,
    )
    assert every.status_code == 200, every.text
    assert every.json()["minScore"] == 0 and every.json()["below"] == 0
    scores = [i["score"] for i in every.json()["items"]]
    weak = sum(1 for x in scores if x < 0.1)
    assert weak and len(scores) - weak >= len(EARLIER)
    r = await api.get(
        "/api/admin/candidates", params={"type": "Organization", "limit": 500}, headers=KEY
    )
    body = r.json()
    assert body["minScore"] == 0.1 and body["below"] == weak
    assert body["total"] == len(scores) - weak == len(body["items"])
    assert all(i["score"] >= 0.1 for i in body["items"])
    assert body["items"] == every.json()["items"][: body["total"]]  # the same pairs, in order
    doubt = await api.get(
        "/api/admin/candidates",
        params={"type": "Organization", "order": "uncertain", "min_score": 0.5},
        headers=KEY,
    )
    assert doubt.json()["below"] == sum(1 for x in scores if x < 0.5)
    assert all(i["score"] >= 0.5 for i in doubt.json()["items"])
    for bad in (-0.1, 1.5, "high"):
        r = await api.get("/api/admin/candidates", params={"min_score": bad}, headers=KEY)
        assert r.status_code == 422 and "min_score" in r.text


async def test_on_the_sample_nothing_is_worth_a_look(
    sample_store: GraphStore, client: httpx.AsyncClient
) -> None:
    """The sample's candidate pairs (33) all score near zero (0.04 at most): none is offered,
    and the answer says how many lie below."""
    every = await client.get(
        "/api/admin/candidates",
        params={"type": "Organization", "min_score": 0, "limit": 500},
        headers=KEY,
    )
    n = every.json()["total"]
    assert n >= 30 and max(i["score"] for i in every.json()["items"]) < 0.1
    r = await client.get("/api/admin/candidates", params={"type": "Organization"}, headers=KEY)
    assert r.status_code == 200, r.text
    assert r.json() == {"total": 0, "items": [], "minScore": 0.1, "below": n}


async def test_the_threshold_is_a_setting(
    sample_store: GraphStore, settings: Settings, client: httpx.AsyncClient
) -> None:
    settings.review_min_score = 0.0  # the app's settings (CTGRAPH_REVIEW_MIN_SCORE)
    r = await client.get("/api/admin/candidates", params={"type": "Organization"}, headers=KEY)
    assert r.json()["minScore"] == 0 and r.json()["below"] == 0 and r.json()["total"] >= 30
    r = await client.get(
        "/api/admin/candidates", params={"type": "Organization", "min_score": 0.9}, headers=KEY
    )
    assert r.json()["minScore"] == 0.9 and r.json()["total"] == 0 and r.json()["below"] >= 30


async def test_unmerge_preview_says_what_comes_back_or_why_not(api: httpx.AsyncClient) -> None:
    p = await api.get(
        "/api/admin/merge/preview", params={"keep": COMMISSION, "drop": REPUBLICAN}, headers=KEY
    )
    m = await api.post(
        "/api/admin/merge", json={"keep": COMMISSION, "drop": REPUBLICAN}, headers=KEY
    )
    assert m.status_code == 200, m.text
    # The merge says what moved, per type, as its preview counted it.
    assert m.json()["moves"] == p.json()["moves"]
    assert m.json()["relationships"] == p.json()["relationships"] == sum(p.json()["moves"].values())
    u = await api.get("/api/admin/unmerge/preview", params={"drop": REPUBLICAN}, headers=KEY)
    assert u.status_code == 200, u.text
    up = u.json()
    assert up["refused"] is None and up["merge"] == m.json()["merge"]
    assert up["keep"]["id"] == COMMISSION and up["keep"]["type"] == "Organization"
    assert up["drop"]["id"] == REPUBLICAN
    assert up["drop"]["name"] == "Republican Inter-agency Commission on Combating Human Trafficking"
    assert up["moves"] == p.json()["moves"] and up["relationships"] == p.json()["relationships"]
    # Nothing was undone by looking.
    assert (await api.get(f"/api/entities/{REPUBLICAN}", follow_redirects=False)).status_code == 308
    done = await api.post("/api/admin/unmerge", json={"drop": REPUBLICAN}, headers=KEY)
    assert done.status_code == 200, done.text
    assert (await api.get(f"/api/entities/{REPUBLICAN}", follow_redirects=False)).status_code == 200
    # Nothing left to undo: the preview says why.
    again = await api.get("/api/admin/unmerge/preview", params={"drop": REPUBLICAN}, headers=KEY)
    assert again.status_code == 200 and "no merge" in again.json()["refused"]
    # A merge whose record was merged on since: refused, with what to do first.
    await api.post("/api/admin/merge", json={"keep": COMMISSION, "drop": REPUBLICAN}, headers=KEY)
    await api.post(
        "/api/admin/merge", json={"keep": "org:uz-iatc", "drop": COMMISSION}, headers=KEY
    )
    held = await api.get("/api/admin/unmerge/preview", params={"drop": REPUBLICAN}, headers=KEY)
    assert held.status_code == 200 and "undo that merge first" in held.json()["refused"]
    refused = await api.post("/api/admin/unmerge", json={"drop": REPUBLICAN}, headers=KEY)
    assert refused.status_code == 422 and refused.json()["detail"] == held.json()["refused"]
