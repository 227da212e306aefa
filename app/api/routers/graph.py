"""Graph routes: neighbourhood, shortest paths, co-organization network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from ctgraph.api.deps import SettingsDep
from ctgraph.api.errors import responses
from ctgraph.api.limits import HeavyDep
from ctgraph.core.dates import full_date
from ctgraph.graph import analytics
from ctgraph.graph.models import NO_NUL, CoEvolution, CoOrganization, Neighborhood, NodeType, Paths
from ctgraph.settings import Settings
from ctgraph.store import GraphStore

router = APIRouter(prefix="/api/graph", tags=["graph"])

DateQ = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
IdQ = Annotated[str, Query(min_length=1, max_length=300, pattern=NO_NUL)]
Types = Annotated[list[NodeType] | None, Query(description="node types to keep")]
Country = Annotated[str | None, Query(max_length=10, pattern=NO_NUL)]


def chosen_types(types: list[NodeType] | None) -> tuple[str, ...]:
    """Types from the enum only, the default leaving sources out."""
    return tuple(t.value for t in types) if types else analytics.DEFAULT_TYPES


@dataclass(frozen=True)
class GraphFilters:
    """The filters every graph selection shares (neighbourhood, page views, export), with
    dates widened to full days: `from=2019` starts on 2019-01-01, `to=2019` ends on 12-31."""

    depth: int
    types: tuple[str, ...]
    start: str | None
    end: str | None
    country: str | None


async def graph_filters(
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    types: Types = None,
    start: Annotated[DateQ, Query(alias="from")] = None,
    end: Annotated[DateQ, Query(alias="to")] = None,
    country: Country = None,
) -> GraphFilters:
    return GraphFilters(
        depth, chosen_types(types), full_date(start), full_date(end, last=True), country
    )


FiltersDep = Annotated[GraphFilters, Depends(graph_filters)]
LimitQ = Annotated[int | None, Query(ge=1, le=5000)]


async def neighborhood(
    store: GraphStore, settings: Settings, id: str, f: GraphFilters, limit: int | None
) -> Neighborhood:
    """The neighbourhood of `id` under the filters, cut at `limit` (or the setting)."""
    return await analytics.neighborhood(
        store,
        id,
        depth=f.depth,
        types=f.types,
        start=f.start,
        end=f.end,
        country=f.country,
        limit=limit or settings.neighborhood_limit,
    )


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
) -> Response:
    """Organizations linked by events organized together, with centrality per organization."""
    return await heavy.json(
        lambda st: analytics.co_organization(
            st,
            start=full_date(start),
            end=full_date(end, last=True),
            min_weight=min_weight,
            country=country,
        )
    )
