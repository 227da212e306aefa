"""`GET /api/export`: a view — the whole graph, a neighbourhood, the co-organization network
or the paths between two actors — as a file."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from ctgraph.api.errors import responses
from ctgraph.api.limits import HeavyDep
from ctgraph.api.params import Country, Types, chosen_types
from ctgraph.core.dates import full_date
from ctgraph.graph import exports
from ctgraph.graph.models import NO_NUL
from ctgraph.store.base import GraphStore

router = APIRouter(prefix="/api", tags=["export"])

FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {m: {} for m in exports.MEDIA.values()}, "description": "the file"}
}
DATE = exports.DATE
# `from` and `to` are dates, except in the paths view, where they are the two entity ids.
EndQ = Annotated[str | None, Query(min_length=1, max_length=300, pattern=NO_NUL)]
VIEWS = (
    "all: the whole graph (types, from, to, country); neighborhood: around `id` (depth, types, "
    "from, to, country), the default when `id` is given; coorg: the co-organization network "
    "(from, to, min_weight, country); paths: the shortest paths between the entities `from` "
    "and `to` (max_hops, k)"
)


def _invalid(errors: list[dict[str, Any]]) -> RequestValidationError:
    """A 422 in FastAPI's own shape, naming each bad parameter."""
    return RequestValidationError(errors)


def _date(name: str, value: str | None, last: bool) -> str | None:
    if value is not None and not re.fullmatch(DATE, value):
        raise _invalid(
            [
                {
                    "type": "string_pattern_mismatch",
                    "loc": ("query", name),
                    "msg": f"String should match pattern '{DATE}' (a date YYYY[-MM[-DD]])",
                    "input": value,
                    "ctx": {"pattern": DATE},
                }
            ]
        )
    return full_date(value, last=last)


def _missing(*names: str) -> RequestValidationError:
    return _invalid(
        [
            {"type": "missing", "loc": ("query", n), "msg": "Field required", "input": None}
            for n in names
        ]
    )


@router.get("/export", response_class=Response, responses=FILE | responses(404, 408, 503))
async def read_export(
    heavy: HeavyDep,
    format: exports.ExportFormat = exports.ExportFormat.json,
    view: Annotated[exports.ExportView | None, Query(description=VIEWS)] = None,
    id: Annotated[str | None, Query(max_length=300, pattern=NO_NUL)] = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    types: Types = None,
    start: Annotated[
        EndQ, Query(alias="from", description="YYYY[-MM[-DD]]; with view=paths an entity id")
    ] = None,
    end: Annotated[
        EndQ, Query(alias="to", description="YYYY[-MM[-DD]]; with view=paths an entity id")
    ] = None,
    country: Country = None,
    min_weight: Annotated[int, Query(ge=0, le=100_000)] = 1,
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    k: Annotated[int, Query(ge=1, le=10)] = 3,
    undated: Annotated[
        bool, Query(description="view=coorg: keep links with no dated event in a period")
    ] = False,
) -> Response:
    """GEXF 1.3 (dated, for Gephi's timeline), GraphML, Gephi CSV (zip of nodes.csv and
    edges.csv) or JSON of one view, with one edge per relationship."""
    chosen = view or (exports.ExportView.neighborhood if id else exports.ExportView.all)
    if chosen is exports.ExportView.paths:
        if start is None or end is None:
            raise _missing(*[n for n, v in (("from", start), ("to", end)) if v is None])
        q = exports.ExportQuery(view=chosen, source=start, target=end, max_hops=max_hops, k=k)
    else:
        if chosen is exports.ExportView.neighborhood and not id:
            raise _missing("id")
        q = exports.ExportQuery(
            view=chosen,
            entity_id=id,
            depth=depth,
            types=chosen_types(types),
            start=_date("from", start, last=False),
            end=_date("to", end, last=True),
            country=country,
            min_weight=min_weight,
            undated=undated,
        )
    fmt = format.value

    async def build(st: GraphStore) -> bytes:
        # Selecting and rendering are both heavy: both run in a heavy-work process.
        return exports.render(fmt, await exports.select(st, q))

    body = await heavy.run(build)
    name = f"ctgraph-{chosen.value}.{exports.SUFFIX[fmt]}"
    return Response(
        body,
        media_type=exports.MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
