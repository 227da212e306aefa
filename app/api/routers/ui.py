"""The web page, its assets, and the network views it draws (built with pyvis)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, HTMLResponse, Response

from ctgraph.api import viz
from ctgraph.api.deps import SettingsDep
from ctgraph.api.errors import CtgraphError, responses
from ctgraph.api.limits import HeavyDep
from ctgraph.api.params import FiltersDep, LimitQ, neighborhood
from ctgraph.core.resources import resource_dir
from ctgraph.graph import analytics
from ctgraph.graph.models import NO_NUL, VisView
from ctgraph.store.base import GraphStore

router = APIRouter(tags=["ui"])
STATIC = resource_dir("static")
FILES = {"app.css": "text/css"}
# The page's ES modules, static/js/<name>.js: a strict name, so no path leaves the folder.
MODULE_NAME = re.compile(r"[a-z][a-z0-9_-]{0,40}\.js")
# Browser libraries: sigma.js and graphology, copied from their npm packages into
# static/vendor (vendor.json names each with its version and checksum); vis-network, for the
# review page's small drawings, from the installed pyvis package.
VENDOR = {
    "sigma.min.js": (STATIC / "vendor", "text/javascript"),
    "graphology.umd.min.js": (STATIC / "vendor", "text/javascript"),
    "graphology-library.min.js": (STATIC / "vendor", "text/javascript"),
    "vis-network.min.js": (viz.VIS_DIR, "text/javascript"),
    "vis-network.css": (viz.VIS_DIR, "text/css"),
}
View = Literal["net", "coorg", "path"]
PathEnd = Annotated[str | None, Query(min_length=1, max_length=300, pattern=NO_NUL)]


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    """The page."""
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/admin/extract", include_in_schema=False)
async def extract_page() -> FileResponse:
    """The admin page that turns a news item into facts (it asks for the admin key itself)."""
    return FileResponse(STATIC / "extract.html", media_type="text/html")


@router.get("/admin/review", include_in_schema=False)
async def review() -> FileResponse:
    """The admin page that reviews duplicate candidates (it asks for the admin key itself)."""
    return FileResponse(STATIC / "review.html", media_type="text/html")


@router.get("/static/{name}", include_in_schema=False)
async def static_file(name: str) -> Response:
    """The page's own assets."""
    if name not in FILES:
        return Response(status_code=404)
    return FileResponse(STATIC / name, media_type=FILES[name])


@router.get("/static/js/{name}", include_in_schema=False)
async def module_file(name: str) -> Response:
    """The page's script, as ES modules (served as JavaScript, as browsers require)."""
    path = STATIC / "js" / name
    if not MODULE_NAME.fullmatch(name) or not path.is_file():
        return Response(status_code=404)
    return FileResponse(path, media_type="text/javascript")


@router.get("/static/vendor/{name}", include_in_schema=False)
async def vendor_file(name: str) -> Response:
    """The browser libraries the pages load (never from a CDN)."""
    if name not in VENDOR:
        return Response(status_code=404)
    folder, media = VENDOR[name]
    return FileResponse(folder / name, media_type=media)


GraphWork = Callable[[GraphStore], Awaitable[dict[str, Any]]]


async def _graph(
    settings: SettingsDep,
    filters: FiltersDep,
    id: Annotated[
        str | None,
        Query(min_length=1, max_length=300, pattern=NO_NUL, description="centre (view=net)"),
    ] = None,
    view: Annotated[
        View,
        Query(description="net: neighbourhood of id; coorg: co-organization; path: pfrom to pto"),
    ] = "net",
    limit: LimitQ = None,
    min_weight: Annotated[int, Query(ge=0, le=100_000)] = 1,
    pfrom: PathEnd = None,
    pto: PathEnd = None,
) -> GraphWork:
    """The API's graph for a view: the neighbourhood of `id`, the co-organization network, or
    the shortest paths between two actors (with the paths themselves, for listing). What is
    missing is said at once; the work itself runs as heavy work."""
    if view == "path" and (pfrom is None or pto is None):
        raise CtgraphError("the path view needs `pfrom` and `pto`")
    if view == "net" and id is None:
        raise CtgraphError("the network view needs an `id` to centre on (or view=coorg)")

    async def work(store: GraphStore) -> dict[str, Any]:
        if view == "path":
            assert pfrom is not None and pto is not None
            found = await analytics.paths(store, pfrom, pto, max_hops=6, k=3)
            nodes = {n.id: n.model_dump() for p in found.paths for n in p.nodes}
            edges = {e.id: e.model_dump() for p in found.paths for e in p.edges}
            return {
                "nodes": list(nodes.values()),
                "edges": list(edges.values()),
                "paths": found.model_dump()["paths"],
            }
        if view == "coorg":
            coorg = await analytics.co_organization(
                store,
                start=filters.start,
                end=filters.end,
                min_weight=min_weight,
                country=filters.country,
                undated=filters.undated,
            )
            return coorg.model_dump()
        assert id is not None
        return (await neighborhood(store, settings, id, filters, limit)).model_dump()

    return work


GraphDep = Annotated[GraphWork, Depends(_graph)]


@router.get("/api/view/network", response_model=VisView, responses=responses(400, 404, 408, 503))
async def view_network(graph: GraphDep, heavy: HeavyDep) -> Response:
    """A view as vis-network nodes, edges and options, built with pyvis; above about a
    thousand nodes the positions come computed and physics is off. Heavy work: 503 when the
    heavy slots are busy, 408 past its time."""

    async def build(store: GraphStore) -> dict[str, Any]:
        return viz.vis_data(await graph(store))

    return await heavy.json(build)


@router.get(
    "/api/view/export.html",
    response_model=None,
    responses={
        **responses(400, 404, 408, 503),
        200: {"content": {"text/html": {"schema": {"type": "string"}}}},
    },
)
async def view_export(graph: GraphDep, heavy: HeavyDep) -> HTMLResponse:
    """A view as a standalone HTML file (vis-network inlined, opens offline); heavy work."""

    async def build(store: GraphStore) -> str:
        return viz.standalone_html(await graph(store))

    return HTMLResponse(
        await heavy.run(build),
        headers={"Content-Disposition": 'attachment; filename="ctgraph-view.html"'},
    )
