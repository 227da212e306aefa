"""The web page and its assets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from app import viz

router = APIRouter(tags=["ui"])
STATIC = Path(__file__).resolve().parents[2] / "static"
FILES = {"app.js": "text/javascript", "app.css": "text/css"}
VENDOR = {"vis-network.min.js": "text/javascript", "vis-network.css": "text/css"}


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    """The page."""
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/static/{name}", include_in_schema=False)
async def static_file(name: str) -> Response:
    """The page's own assets."""
    if name not in FILES:
        return Response(status_code=404)
    return FileResponse(STATIC / name, media_type=FILES[name])


@router.get("/static/vendor/{name}", include_in_schema=False)
async def vendor_file(name: str) -> Response:
    """vis-network, served from the installed pyvis package."""
    if name not in VENDOR:
        return Response(status_code=404)
    return FileResponse(viz.VIS_DIR / name, media_type=VENDOR[name])


async def _graph(request: Request) -> tuple[int, Any]:
    params = dict(request.query_params)
    path = (
        "/api/graph/co-organization"
        if params.pop("view", "") == "coorg"
        else "/api/graph/neighborhood"
    )
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ui") as client:
        resp = await client.get(path, params=params)
    return resp.status_code, resp.json()


@router.get("/api/view/network")
async def view_network(request: Request) -> JSONResponse:
    """vis-network nodes, edges and options for a view (same params as the neighbourhood)."""
    status, body = await _graph(request)
    if status != 200:
        return JSONResponse(body, status_code=status)
    return JSONResponse(viz.vis_data(body))


@router.get("/api/view/export.html")
async def view_export(request: Request) -> Response:
    """The view as a standalone HTML file (vis-network inlined, opens offline)."""
    status, body = await _graph(request)
    if status != 200:
        return JSONResponse(body, status_code=status)
    return HTMLResponse(
        viz.standalone_html(body),
        headers={"Content-Disposition": 'attachment; filename="ctgraph-view.html"'},
    )
