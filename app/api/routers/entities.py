"""Entities: lists with filters, one record with every fact and its sources, facets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import RedirectResponse

from ctgraph.api.deps import SettingsDep, StoreDep
from ctgraph.api.errors import NotFound, responses
from ctgraph.core.dates import full_date
from ctgraph.graph import records
from ctgraph.graph.models import (
    NO_NUL,
    EntityPage,
    EntityRecord,
    Facets,
    SourceFacts,
    Timeline,
)
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore

router = APIRouter(prefix="/api", tags=["entities"])

Limit = Annotated[int, Query(ge=1, le=1000, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
Text = Annotated[
    str | None, Query(max_length=200, pattern=NO_NUL, description="words in the name or aliases")
]
Kind = Annotated[str | None, Query(max_length=50, pattern=NO_NUL)]
Country = Annotated[
    str | None, Query(max_length=10, pattern=NO_NUL, description="ISO 3166-1 alpha-2")
]
DateQ = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
IdPath = Annotated[str, Path(min_length=1, max_length=300, pattern=NO_NUL)]
PAGE = responses(503)
ONE = responses(404, 503)


@router.get("/organizations", response_model=EntityPage, responses=PAGE)
async def read_organizations(
    store: StoreDep,
    q: Text = None,
    kind: Kind = None,
    country: Country = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EntityPage:
    """Organizations by name, filtered by kind and country, ordered by name."""
    params = {
        "q": records.normalized(q),
        "kind": kind,
        "country": country,
        "limit": limit,
        "offset": offset,
    }
    return await records.entity_page(store, "organizations", params)


@router.get("/people", response_model=EntityPage, responses=PAGE)
async def read_people(
    store: StoreDep,
    q: Text = None,
    country: Country = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EntityPage:
    """People by name, filtered by country, ordered by name."""
    params = {
        "q": records.normalized(q),
        "kind": None,
        "country": country,
        "limit": limit,
        "offset": offset,
    }
    return await records.entity_page(store, "people", params)


@router.get("/events", response_model=EntityPage, responses=PAGE)
async def read_events(
    store: StoreDep,
    q: Text = None,
    kind: Kind = None,
    country: Country = None,
    start: Annotated[DateQ, Query(alias="from")] = None,
    end: Annotated[DateQ, Query(alias="to")] = None,
    organizer: Annotated[
        str | None, Query(max_length=300, pattern=NO_NUL, description="organization id")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EntityPage:
    """Events by name, kind, country, date range and organizer, ordered by date."""
    params = {
        "q": records.normalized(q),
        "kind": kind,
        "country": country,
        "from": full_date(start),
        "to": full_date(end, last=True),
        "organizer": organizer and (await records.canonical_id(store, organizer) or organizer),
        "limit": limit,
        "offset": offset,
    }
    return await records.entity_page(store, "events", params)


ListLimit = Annotated[
    int | None,
    Query(ge=1, le=5000, description="facts shown per list (default: the server's setting)"),
]


async def _read_one(
    store: GraphStore, settings: Settings, entity_id: str, prefix: str, limit: int | None
) -> Any:
    try:
        record = await records.entity_record(store, entity_id, limit or settings.entity_list_limit)
    except NotFound:
        target = await records.canonical_id(store, entity_id)
        if target is None or target == entity_id:
            raise
        from urllib.parse import quote

        query = f"?limit={limit}" if limit else ""
        return RedirectResponse(f"{prefix}/{quote(target, safe=':')}{query}", 308)
    wanted = _TYPED.get(prefix)
    if wanted is not None and record.type != wanted:
        raise NotFound(
            f"no {wanted.lower()} with id {entity_id!r}: it is a {record.type.lower()}, "
            f"see /api/entities/{entity_id}"
        )
    return record


_TYPED = {
    "/api/organizations": "Organization",
    "/api/people": "Person",
    "/api/events": "Event",
}


ONE_R = ONE | {
    308: {"description": "a merged or alternative id: Location gives the record's own id"}
}


@router.get("/entities/{entity_id}", response_model=EntityRecord, responses=ONE_R)
async def read_entity(
    store: StoreDep, settings: SettingsDep, entity_id: IdPath, limit: ListLimit = None
) -> Any:
    """Any entity by id; a merged id answers 308 to the surviving one."""
    return await _read_one(store, settings, entity_id, "/api/entities", limit)


@router.get("/organizations/{entity_id}", response_model=EntityRecord, responses=ONE_R)
async def read_organization(
    store: StoreDep, settings: SettingsDep, entity_id: IdPath, limit: ListLimit = None
) -> Any:
    """One organization with its people, events, co-organizers and sources."""
    return await _read_one(store, settings, entity_id, "/api/organizations", limit)


@router.get("/people/{entity_id}", response_model=EntityRecord, responses=ONE_R)
async def read_person(
    store: StoreDep, settings: SettingsDep, entity_id: IdPath, limit: ListLimit = None
) -> Any:
    """One person with affiliations, events attended and sources."""
    return await _read_one(store, settings, entity_id, "/api/people", limit)


@router.get("/events/{entity_id}", response_model=EntityRecord, responses=ONE_R)
async def read_event(
    store: StoreDep, settings: SettingsDep, entity_id: IdPath, limit: ListLimit = None
) -> Any:
    """One event with organizers, participants and sources."""
    return await _read_one(store, settings, entity_id, "/api/events", limit)


@router.get("/timeline", response_model=Timeline, responses=responses(503))
async def read_timeline(store: StoreDep) -> Timeline:
    """Events per year from the first year to the last, and how many events have no known
    year: the page's time axis."""
    return await records.timeline(store)


@router.get("/facets", response_model=Facets, responses=responses(503))
async def read_facets(store: StoreDep) -> Facets:
    """The year range of events, the countries present, and the kinds per type."""
    return await records.facets(store)


# `:path`: ids may hold `/`; the route ends in `/facts`, so it never takes a record's id.
@router.get("/sources/{source_id:path}/facts", response_model=SourceFacts, responses=ONE)
async def read_source_facts(
    store: StoreDep,
    source_id: IdPath,
    limit: Annotated[int, Query(ge=1, le=5000, description="facts of each kind listed")] = 200,
) -> SourceFacts:
    """A source (report, news item) with every fact it supports: the entities that cite it and
    the relationships that name it among their sources, with how many there are in all."""
    return await records.source_facts(store, source_id, limit)
