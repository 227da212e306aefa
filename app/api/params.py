"""Route parameters that several routers share: the graph filters (depth, types, dates,
country), limits, ids, and the neighbourhood those filters select."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from ctgraph.core.dates import full_date
from ctgraph.graph import analytics
from ctgraph.graph.models import NO_NUL, Neighborhood, NodeType
from ctgraph.settings import Settings
from ctgraph.store import GraphStore

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
    undated: bool = False


async def graph_filters(
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    types: Types = None,
    start: Annotated[DateQ, Query(alias="from")] = None,
    end: Annotated[DateQ, Query(alias="to")] = None,
    country: Country = None,
    undated: Annotated[
        bool, Query(description="co-organization: keep links with no dated event in a period")
    ] = False,
) -> GraphFilters:
    return GraphFilters(
        depth, chosen_types(types), full_date(start), full_date(end, last=True), country, undated
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
