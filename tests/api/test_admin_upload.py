"""Bad uploads to `POST /api/admin/load`: 400 as the OpenAPI says, with each file named as it
was uploaded and nothing of the server's temporary folder."""

from __future__ import annotations

import httpx

from ctgraph.store.base import GraphStore
from tests.loaders.helpers import dump

KEY = {"X-API-Key": "test-admin-key"}
S = "source:osce-2019-11-26"


async def _upload(client: httpx.AsyncClient, *files: tuple[str, bytes]) -> httpx.Response:
    sent = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return await client.post("/api/admin/load", files=sent, headers=KEY)


def _no_temp_path(r: httpx.Response) -> None:
    assert "ctgraph-upload-" not in r.text and "/tmp" not in r.text, r.text


async def test_a_nul_byte_answers_400_naming_the_file_as_sent(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    before = await dump(sample_store)
    r = await _upload(
        client, ("organizations.csv", f"id,name,sourceIds\norg:x,A\x00B,{S}\n".encode())
    )
    assert r.status_code == 400, r.text
    body = r.json()
    assert "organizations.csv:2" in body["detail"]
    [error] = body["report"]["errors"]
    assert error["file"] == "organizations.csv" and error["line"] == 2
    assert error["field"] == "name" and "control character" in error["message"]
    _no_temp_path(r)
    assert await dump(sample_store) == before


async def test_a_json_type_list_answers_400_not_500(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    r = await _upload(client, ("batch.jsonl", b'{"type": ["organization"], "name": "X"}\n'))
    assert r.status_code == 400, r.text
    [error] = r.json()["report"]["errors"]
    assert error["file"] == "batch.jsonl" and error["field"] == "type"
    assert "must be a string" in error["message"]
    deep = b"[" * 100_000 + b"]" * 100_000
    r = await _upload(client, ("deep.json", deep))
    assert r.status_code == 400 and "nested too deeply" in r.text, r.text
    _no_temp_path(r)


async def test_errors_name_files_as_uploaded_and_other_files_too(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    r = await _upload(
        client,
        ("my orgs (1).csv", b"id,name\norg:z,Z\n"),
        ("organizations.csv", f"id,name,kind,sourceIds\norg:z,Z,company,{S}\n".encode()),
        ("organized.csv", f"organizationId,eventId,sourceIds\norg:z,event:e,{S}\n".encode()),
    )
    assert r.status_code == 400, r.text
    errors = r.json()["report"]["errors"]
    files = {e["file"] for e in errors}
    assert {"my orgs (1).csv", "organizations.csv", "organized.csv"} <= files
    messages = [e["message"] for e in errors]
    assert "refers to org:z, which is invalid at organizations.csv:2" in messages
    _no_temp_path(r)


async def test_the_openapi_declares_the_statuses_answered(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    answers = spec["paths"]["/api/admin/load"]["post"]["responses"]
    assert "400" in answers and "LoadFailedBody" in str(answers["400"])
