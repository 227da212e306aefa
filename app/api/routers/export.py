"""`GET /api/export`: the graph or a neighbourhood as a file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ctgraph.api.deps import StoreDep
from ctgraph.api.errors import responses
from ctgraph.api.routers.graph import FiltersDep
from ctgraph.graph import exports
from ctgraph.graph.models import NO_NUL

router = APIRouter(prefix="/api", tags=["export"])

FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {m: {} for m in exports.MEDIA.values()}, "description": "the file"}
}


@router.get("/export", response_class=Response, responses=FILE | responses(404, 503))
async def read_export(
    store: StoreDep,
    filters: FiltersDep,
    format: exports.ExportFormat = exports.ExportFormat.json,
    id: Annotated[str | None, Query(max_length=300, pattern=NO_NUL)] = None,
) -> Response:
    """GraphML, GEXF (dated, for Gephi's timeline), Gephi CSV (zip of nodes/edges) or JSON."""
    nodes, edges = await exports.select(
        store,
        entity_id=id,
        depth=filters.depth,
        types=filters.types,
        start=filters.start,
        end=filters.end,
        country=filters.country,
    )
    fmt = format.value
    name = f"ctgraph.{exports.SUFFIX[fmt]}"
    return Response(
        exports.render(fmt, nodes, edges),
        media_type=exports.MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
