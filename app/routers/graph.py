"""Graph routes: neighbourhood, shortest paths, co-organization network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app import analytics
from app.deps import SettingsDep, StoreDep
from app.errors import responses
from app.models import NO_NUL, CoOrganization, Neighborhood, NodeType, Paths
from app.routers.entities import _full

router = APIRouter(prefix="/api/graph", tags=["graph"])

DateQ = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
IdQ = Annotated[str, Query(min_length=1, max_length=300, pattern=NO_NUL)]
Types = Annotated[list[NodeType] | None, Query(description="node types to keep")]
Country = Annotated[str | None, Query(max_length=10, pattern=NO_NUL)]


def chosen_types(types: list[NodeType] | None) -> tuple[str, ...]:
    """Types from the enum only, the default leaving sources out."""
    return tuple(t.value for t in types) if types else analytics.DEFAULT_TYPES


@router.get("/neighborhood", response_model=Neighborhood, responses=responses(404, 503))
async def read_neighborhood(
    store: StoreDep,
    settings: SettingsDep,
    id: IdQ,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    types: Types = None,
    start: Annotated[DateQ, Query(alias="from")] = None,
    end: Annotated[DateQ, Query(alias="to")] = None,
    country: Country = None,
    limit: Annotated[int | None, Query(ge=1, le=5000)] = None,
) -> Neighborhood:
    """Nodes and edges around one entity; over the limit, counts of what was left out."""
    return await analytics.neighborhood(
        store,
        id,
        depth=depth,
        types=chosen_types(types),
        start=_full(start),
        end=_full(end, last=True),
        country=country,
        limit=limit or settings.neighborhood_limit,
    )


@router.get("/paths", response_model=Paths, responses=responses(404, 503))
async def read_paths(
    store: StoreDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=300, pattern=NO_NUL)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=300, pattern=NO_NUL)],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    k: Annotated[int, Query(ge=1, le=10)] = 3,
) -> Paths:
    """Up to k shortest paths between two entities, ignoring direction, with edge sources."""
    return await analytics.paths(store, source, target, max_hops=max_hops, k=k)


@router.get("/co-organization", response_model=CoOrganization, responses=responses(503))
async def read_co_organization(
    store: StoreDep,
    start: Annotated[DateQ, Query(alias="from")] = None,
    end: Annotated[DateQ, Query(alias="to")] = None,
    min_weight: Annotated[int, Query(ge=0, le=100_000)] = 1,
    country: Country = None,
) -> CoOrganization:
    """Organizations linked by events organized together, with centrality per organization."""
    return await analytics.co_organization(
        store,
        start=_full(start),
        end=_full(end, last=True),
        min_weight=min_weight,
        country=country,
    )
