"""`GET /api/entities/{id}/history`: every load, merge, retraction and clear that changed a
record, newest first, with what changed, from which file or upload, and which sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from ctgraph.api.deps import StoreDep
from ctgraph.api.errors import NotFound, responses
from ctgraph.curation.history import (
    ChangesSince,
    Generation,
    HistoryPage,
    changes_since,
    entity_history,
    generation,
)
from ctgraph.graph.models import NO_NUL

router = APIRouter(prefix="/api", tags=["history"])


# `:path`: ids may hold `/` (`org:osce/odihr`); the record route before this one takes none.
@router.get(
    "/entities/{entity_id:path}/history", response_model=HistoryPage, responses=responses(404, 503)
)
async def read_history(
    store: StoreDep,
    entity_id: Annotated[str, Path(min_length=1, max_length=300, pattern=NO_NUL)],
    limit: Annotated[int, Query(ge=1, le=1000, description="entries per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="entries to skip")] = 0,
) -> HistoryPage:
    """The history of a record, of the records merged into it, and of its relationships: what
    each load, merge, retraction or clear changed (every property's value before and after),
    when, from which file or upload, with which sources and why. A merged or alternative id
    answers the history of its record; a retracted record keeps its history."""
    page = await entity_history(store, entity_id, limit, offset)
    if page is None:
        raise NotFound(f"no record with id {entity_id!r}, nor any history of one")
    return page


Moment = Annotated[
    str,
    Query(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$",
        description="a generation (UTC, ISO 8601 with Z), as `/api/generation` gives it",
    ),
]


@router.get("/generation", response_model=Generation, responses=responses(503))
async def read_generation(store: StoreDep) -> Generation:
    """The data's generation: when the latest write was made, and how many writes there were.
    Every load, merge, unmerge and retraction makes a new one; a view cited with it can later
    say what changed since."""
    return await generation(store)


@router.get("/changes", response_model=ChangesSince, responses=responses(503))
async def read_changes(
    store: StoreDep,
    since: Moment,
    limit: Annotated[int, Query(ge=0, le=1000, description="latest entries listed")] = 100,
) -> ChangesSince:
    """What the writes after a generation changed: history entries per operation (create,
    update, clear, merge, unmerge, retract) on entities and on relationships, and the latest
    entries themselves."""
    return await changes_since(store, since, limit)
