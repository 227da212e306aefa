# ruff: noqa: E501
"""Every load, merge, retraction and clear that changed a record is in its history, at
`GET /api/entities/{id}/history`: when, what changed, from which file or upload, which sources."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from ctgraph.api.main import create_app
from ctgraph.api.routers import history as history_router
from ctgraph.cli import app
from ctgraph.curation.history import Recorder, entity_history
from ctgraph.curation.merge import merge_entities
from ctgraph.loaders import load_paths
from ctgraph.loaders.sample import SAMPLE_DIR
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import changes, write_folder
from tests.neo4j_fixtures import point_cli_at

S = "source:osce-2019-11-26"
KEY = {"X-API-Key": "test-admin-key"}


async def test_a_load_lists_each_change_with_file_line_and_sources(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    page = await entity_history(sample_store, "org:osce")
    assert page is not None and page.exists and page.id == "org:osce"
    created = next(e for e in page.items if e.relationship is None)
    assert created.op == "create" and created.type == "organizations"
    # The file as the load's argument names it (the sample's folder is given by its full
    # path): its name, no folder of the machine that loaded it.
    assert created.file == "organizations.csv" and created.line == 4
    assert created.sourceIds == [S]
    after = {c.property: c.after for c in created.changes}
    assert after["name"] == "Organization for Security and Co-operation in Europe"
    assert after["kind"] == "igo" and all(c.before is None for c in created.changes)
    assert "nameKeys" not in after and "searchText" not in after
    # A relationship is in the history of both its ends.
    part = [e for e in page.items if e.relationship == "PART_OF"]
    assert {e.entityId for e in part} == {"org:odihr", "org:osce-pcuz"}
    assert all(e.otherId == "org:osce" and e.type == "part_of" for e in part)
    # A changed record: its values before and after.
    count = len(await changes(sample_store))
    folder = write_folder(tmp_path / "u", {
        "sources.csv": "id,name\nsource:later,A later item\n",
        "organizations.csv": "id,name,kind,website,sourceIds\n"
            "org:osce,Organization for Security and Co-operation in Europe,donor,https://www.osce.org/,source:later\n",
    })  # fmt: skip
    await load_paths(sample_store, [folder])
    page = await entity_history(sample_store, "org:osce")
    assert page is not None
    latest = page.items[0]
    assert latest.op == "update" and latest.line == 2 and latest.sourceIds == ["source:later"]
    assert {c.property: (c.before, c.after) for c in latest.changes} == {
        "kind": ("igo", "donor"),
        "website": (None, "https://www.osce.org/"),
        "sourceIds": ([S], ["source:later", S]),
    }
    assert [(c["op"], c["entityId"]) for c in (await changes(sample_store))[count:]] == [
        ("create", "source:later"), ("update", "org:osce"),
    ]  # fmt: skip
    # Loading the same files again adds nothing.
    await load_paths(sample_store, [folder])
    assert len(await changes(sample_store)) == count + 2
    # Paging, newest first.
    first = await entity_history(sample_store, "org:osce", limit=2, offset=0)
    rest = await entity_history(sample_store, "org:osce", limit=100, offset=2)
    assert first is not None and rest is not None and first.total == rest.total == page.total
    assert [e.id for e in first.items + rest.items] == [e.id for e in page.items]
    assert [e.at for e in page.items] == sorted((e.at for e in page.items), reverse=True)


async def test_a_merge_is_in_both_histories(sample_store: GraphStore, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "dup", {
        "organizations.csv": f"id,name,kind,country,sourceIds\norg:iom-x,IOM Mission in Tashkent,igo,uz,{S}\n",
        "affiliations.csv": f"personId,organizationId,position,sourceIds\nperson:kevin-hyland,org:iom-x,Adviser,{S}\n",
    })  # fmt: skip
    await load_paths(sample_store, [folder])
    await merge_entities(sample_store, "org:iom", "org:iom-x")
    page = await entity_history(sample_store, "org:iom-x")  # a merged id: its record's history
    assert page is not None and page.id == "org:iom" and "org:iom-x" in page.ids
    merges = [e for e in page.items if e.op == "merge"]
    gained = next(e for e in merges if e.entityId == "org:iom" and e.relationship is None)
    assert {c.property: c.after for c in gained.changes}["country"] == "uz"
    assert gained.reason == "org:iom-x was merged into org:iom"
    dropped = next(e for e in merges if e.entityId == "org:iom-x")
    assert (
        dropped.targetId == "org:iom"
        and {c.property: c.before for c in dropped.changes}["name"] == "IOM Mission in Tashkent"
    )
    moved = next(e for e in merges if e.relationship == "AFFILIATED_WITH")
    assert (moved.entityId, moved.otherId, moved.key) == (
        "person:kevin-hyland",
        "org:iom",
        "Adviser",
    )
    assert [(c.property, c.before, c.after) for c in moved.changes] == [
        ("organizationId", "org:iom-x", "org:iom")
    ]
    person = await entity_history(sample_store, "person:kevin-hyland")
    assert person is not None and person.items[0].op == "merge"
    # Merging again changes nothing and records nothing.
    count = len(await changes(sample_store))
    await merge_entities(sample_store, "org:iom", "org:iom-x")
    assert len(await changes(sample_store)) == count


async def test_history_entries_stay_out_of_views_and_exports(sample_store: GraphStore) -> None:
    assert await changes(sample_store)
    assert all("Change" not in n["labels"] for n in await sample_store.export_nodes())
    assert await sample_store.load_count_entities() == 26
    record = await sample_store.entity_record("org:osce", 100)
    assert record is not None
    neighbours = await sample_store.entity_hop(["org:osce"], 10_000)
    assert all("Change" not in (r.get("labels") or []) for r in neighbours)


@pytest.fixture
async def app_client(settings: Settings, store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    """The app with the history routes (registered here until the app registers them)."""
    app = create_app(settings, store=store)
    if not any(
        getattr(r, "path", "") == "/api/entities/{entity_id:path}/history" for r in app.routes
    ):
        app.include_router(history_router.router)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ctgraph.test") as c:
            yield c


async def test_history_route_answers_uploads_retractions_and_unknown_ids(
    app_client: httpx.AsyncClient, store: GraphStore
) -> None:
    files = [
        ("files", ("sources.csv", b"id,name\nsource:s,S\n", "text/csv")),
        (
            "files",
            (
                "organizations.csv",
                b"id,name,kind,sourceIds\norg:a/b,A slash B,ngo,source:s\norg:c,C,ngo,source:s\n",
                "text/csv",
            ),
        ),
    ]
    r = await app_client.post("/api/admin/load", files=files, headers=KEY)
    assert r.status_code == 200, r.text
    r = await app_client.get("/api/entities/org:a/b/history")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == "org:a/b" and body["exists"] and body["total"] == 1
    (entry,) = body["items"]
    assert (
        entry["op"] == "create"
        and entry["file"] == "upload:organizations.csv"
        and entry["line"] == 2
    )
    assert {"property": "kind", "before": None, "after": "ngo"} in entry["changes"]
    assert entry["sourceIds"] == ["source:s"]
    # Retraction over the API: the record goes, its history stays.
    r = await app_client.post(
        "/api/admin/retract", json={"id": "org:c", "reason": "a test body"}, headers=KEY
    )
    assert r.status_code == 200 and r.json() == {"retracted": "org:c", "status": "retracted"}
    r = await app_client.post(
        "/api/admin/retract", json={"id": "org:c", "reason": "again"}, headers=KEY
    )
    assert r.status_code == 200 and r.json()["status"] == "unchanged"
    r = await app_client.post(
        "/api/admin/retract", json={"id": "org:nope", "reason": "x"}, headers=KEY
    )
    assert r.status_code == 422 and "not in the graph" in r.json()["detail"]
    r = await app_client.post("/api/admin/retract", json={"id": "org:c", "reason": "x"})
    assert r.status_code == 401
    r = await app_client.get("/api/entities/org:c/history")
    body = r.json()
    assert r.status_code == 200 and not body["exists"]
    assert [e["op"] for e in body["items"]] == ["retract", "create"]
    assert body["items"][0]["reason"] == "a test body"
    r = await app_client.get("/api/entities/org:nothing/history")
    assert r.status_code == 404 and "org:nothing" in r.json()["detail"]
    r = await app_client.get("/api/entities/org:c/history", params={"limit": 0})
    assert r.status_code == 422
    # Errors naming another upload's line say the upload's name, not the server's folder.
    files = [
        (
            "files",
            (
                "organizations.csv",
                b"id,name,kind,sourceIds\norg:z,Z,company,source:s\n",
                "text/csv",
            ),
        ),
        (
            "files",
            (
                "organized.csv",
                b"organizationId,eventId,sourceIds\norg:z,event:e,source:s\n",
                "text/csv",
            ),
        ),
    ]
    r = await app_client.post("/api/admin/load", files=files, headers=KEY)
    assert r.status_code == 400
    messages = [e["message"] for e in r.json()["report"]["errors"]]
    assert "refers to org:z, which is invalid at organizations.csv:2" in messages


def _folders(entries: list[dict[str, Any]]) -> list[str]:
    """Every file a history names that holds a folder."""
    return [
        f
        for e in entries
        for f in [e.get("file"), *(e.get("inputs") or [])]
        if f and ("/" in f or "\\" in f)
    ]


async def test_files_are_named_relative_to_what_the_load_was_given(
    sample_store: GraphStore,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """`ctgraph load data/sample` and `ctgraph load /home/…/data/sample` both record
    `organizations.csv:7`: the file relative to the folder (or file) given, never a folder of
    the server; and so do the inputs of a record given twice."""
    assert SAMPLE_DIR.is_absolute()
    assert _folders(await changes(sample_store)) == []
    # The command, given a folder by its full path, and a file by a path relative to here.
    point_cli_at(sample_store, settings, monkeypatch, request)
    deep = write_folder(tmp_path / "home" / "someone" / "batch", {
        "sources.csv": "id,name\nsource:deep,A deep item\n",
        "organizations.csv": "id,name,sourceIds\norg:deep,Deep Body,source:deep\n"
            ",Deep Body,source:deep\n",
    })  # fmt: skip
    # (The command runs its own event loop: in a thread of its own.)
    res = await asyncio.to_thread(
        CliRunner().invoke, app, ["load", str(deep.resolve()), "--no-candidates"]
    )
    assert res.exit_code == 0, res.output
    monkeypatch.chdir(tmp_path)
    write_folder(tmp_path / "rel", {
        "organizations.csv": "id,name,sourceIds\norg:rel,Rel Body,source:deep\n",
    })  # fmt: skip
    res = await asyncio.to_thread(
        CliRunner().invoke, app, ["load", "rel/organizations.csv", "--no-candidates"]
    )
    assert res.exit_code == 0, res.output
    for entity in ("org:deep", "org:rel"):
        page = await entity_history(sample_store, entity)
        assert page is not None
        assert [(e.file, e.line) for e in page.items] == [("organizations.csv", 2)]
    # A record given twice (the second row matched by its name): both inputs, by file name.
    page = await entity_history(sample_store, "org:deep")
    assert page is not None
    assert page.items[0].inputs == ["organizations.csv:2", "organizations.csv:3"]
    assert _folders(await changes(sample_store)) == []


async def test_a_full_path_kept_by_an_older_version_is_shown_by_its_name(
    app_client: httpx.AsyncClient, store: GraphStore
) -> None:
    """Histories written before keep their full paths in the database (nothing rewrites
    them), but no route shows one: the history answers the file's name."""
    rec = Recorder()
    old = rec.entry("create", "organizations", "org:old", {"name": [None, "Old"]})
    old |= {
        "file": "/home/someone/ctgraph/data/sample/organizations.csv",
        "line": 7,
        "inputs": [
            "/home/someone/ctgraph/data/sample/organizations.csv:7",
            "upload:organizations.csv:3",
        ],
    }
    await store.history_write([old])
    r = await app_client.get("/api/entities/org:old/history")
    assert r.status_code == 200, r.text
    (entry,) = r.json()["items"]
    assert entry["file"] == "organizations.csv" and entry["line"] == 7
    assert entry["inputs"] == ["organizations.csv:7", "upload:organizations.csv:3"]
    assert "/home" not in r.text
    # The stored entry is as it was.
    (stored,) = [c for c in await changes(store) if c["entityId"] == "org:old"]
    assert stored["file"] == old["file"]
