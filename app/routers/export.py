"""`GET /api/export`: the graph or a neighbourhood as a file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app import exports
from app.deps import StoreDep
from app.errors import responses
from app.models import NO_NUL
from app.routers.entities import _full
from app.routers.graph import Country, DateQ, Types, chosen_types

router = APIRouter(prefix="/api", tags=["export"])

FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {m: {} for m in exports.MEDIA.values()}, "description": "the file"}
}


@router.get("/export", response_class=Response, responses=FILE | responses(404, 503))
async def read_export(
    store: StoreDep,
    format: exports.ExportFormat = exports.ExportFormat.json,
    id: Annotated[str | None, Query(max_length=300, pattern=NO_NUL)] = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    types: Types = None,
    start: Annotated[DateQ, Query(alias="from")] = None,
    end: Annotated[DateQ, Query(alias="to")] = None,
    country: Country = None,
) -> Response:
    """GraphML, GEXF (dated, for Gephi's timeline), Gephi CSV (zip of nodes/edges) or JSON."""
    nodes, edges = await exports.select(
        store,
        entity_id=id,
        depth=depth,
        types=chosen_types(types),
        start=_full(start),
        end=_full(end, last=True),
        country=country,
    )
    fmt = format.value
    name = f"ctgraph.{exports.SUFFIX[fmt]}"
    return Response(
        exports.render(fmt, nodes, edges),
        media_type=exports.MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
