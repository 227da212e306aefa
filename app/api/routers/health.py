"""Liveness, readiness and counts."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ctgraph.api.deps import StoreDep
from ctgraph.api.errors import responses

router = APIRouter(tags=["health"])
# A database that answers no query within this is not ready, whether or not it takes connections.
READY_WITHIN_S = 3.0


class Health(BaseModel):
    """The process answers."""

    ok: bool


class Ready(BaseModel):
    """Whether the database answers, and which backend it is."""

    ready: bool
    backend: str
    detail: str | None = None  # only when not ready: what to do


class Stats(BaseModel):
    """Counts per node label and per relationship type."""

    backend: str
    nodes: dict[str, int]
    relationships: dict[str, int]


@router.get("/healthz", response_model=Health)
async def read_health() -> Health:
    """The process is up (says nothing of the database)."""
    return Health(ok=True)


@router.get(
    "/readyz",
    response_model=Ready,
    response_model_exclude_none=True,
    responses={503: {"model": Ready}},
)
async def read_ready(store: StoreDep) -> Ready | JSONResponse:
    """Ready when the database answers a query within a few seconds; 503 with `ready: false`
    when it is down, or accepts connections and answers nothing (stopped, overloaded)."""
    answered: bool | None = False
    try:
        async with asyncio.timeout(READY_WITHIN_S):
            if await store.ping():
                # A query, not only a ping: a stopped or swamped database may still take
                # connections (an empty graph answers too, with no rows).
                await store.cypher_readonly(
                    "RETURN 1 AS one", None, timeout_ms=int(READY_WITHIN_S * 1000), row_cap=1
                )
                answered = True
    except TimeoutError:
        answered = None
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        answered = False
    body = Ready(ready=bool(answered), backend=store.backend)
    if answered is None:
        body.detail = (
            f"the database accepts connections but answered no query within {READY_WITHIN_S:g} s: "
            "it is stopped or overloaded"
            + (" (see `ctgraph db status`)" if store.backend == "falkordb" else "")
        )
    elif not answered:
        body.detail = (
            "the embedded database is not answering; `ctgraph serve` starts it again within a "
            "few seconds (see `ctgraph db status`)"
            if store.backend == "falkordb"
            else "Neo4j is not answering: check that it runs and NEO4J_URI points at it"
        )
    if not answered:
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})
    return body


@router.get("/api/stats", response_model=Stats, responses=responses(503))
async def read_stats(store: StoreDep) -> Stats:
    """Counts of organizations, people, events, sources and each relationship type."""
    counts = await store.stats()
    return Stats(backend=store.backend, **counts)
