"""Graph routes: neighbourhood, shortest paths, co-organization network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from ctgraph.api.deps import SettingsDep
from ctgraph.api.errors import responses
from ctgraph.api.limits import HeavyDep
from ctgraph.api.params import Country, DateQ, FiltersDep, IdQ, LimitQ, neighborhood
from ctgraph.core.dates import full_date
from ctgraph.graph import analytics
from ctgraph.graph.models import NO_NUL, CoEvolution, CoOrganization, Neighborhood, Paths

router = APIRouter(prefix="/api/graph", tags=["graph"])

HEAVY = (408, 503)


@router.get("/neighborhood", response_model=Neighborhood, responses=responses(404, *HEAVY))
async def read_neighborhood(
    heavy: HeavyDep, settings: SettingsDep, id: IdQ, filters: FiltersDep, limit: LimitQ = None
) -> Response:
    """Nodes and edges around one entity; over the limit, counts of what was left out."""
    return await heavy.json(lambda st: neighborhood(st, settings, id, filters, limit))


@router.get("/paths", response_model=Paths, responses=responses(404, *HEAVY))
async def read_paths(
    heavy: HeavyDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=300, pattern=NO_NUL)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=300, pattern=NO_NUL)],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    k: Annotated[int, Query(ge=1, le=10)] = 3,
) -> Response:
    """Up to k shortest paths between two entities, ignoring direction, with edge sources."""
    return await heavy.json(lambda st: analytics.paths(st, source, target, max_hops=max_hops, k=k))


YearQ = Annotated[int | None, Query(ge=1000, le=9999)]


@router.get("/co-organization/evolution", response_model=CoEvolution, responses=responses(*HEAVY))
async def read_co_organization_evolution(
    heavy: HeavyDep,
    start: Annotated[YearQ, Query(alias="from")] = None,
    end: Annotated[YearQ, Query(alias="to")] = None,
    country: Country = None,
) -> Response:
    """Year by year: who joined and left the co-organization network, new and ended links,
    and each organization's degree and betweenness that year."""
    return await heavy.json(
        lambda st: analytics.co_organization_evolution(st, start=start, end=end, country=country)
    )


@router.get("/co-organization", response_model=CoOrganization, responses=responses(*HEAVY))
async def read_co_organization(
    heavy: HeavyDep,
    start: Annotated[DateQ, Query(alias="from")] = None,
    end: Annotated[DateQ, Query(alias="to")] = None,
    min_weight: Annotated[int, Query(ge=0, le=100_000)] = 1,
    country: Country = None,
    undated: Annotated[
        bool, Query(description="keep links with no dated event in a period (marked undated)")
    ] = False,
) -> Response:
    """Organizations linked by events organized together, with centrality per organization.
    In a period, links with no dated event are counted in `undated` and left out unless
    `undated=true`."""
    return await heavy.json(
        lambda st: analytics.co_organization(
            st,
            start=full_date(start),
            end=full_date(end, last=True),
            min_weight=min_weight,
            country=country,
            undated=undated,
        )
    )
