"""Dependencies shared by the routers (async: FastAPI runs plain functions on a thread)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from ctgraph.core.errors import Forbidden, NotFound, Unauthorized
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore


async def get_store(request: Request) -> GraphStore:
    """The store the app's lifespan opened."""
    store: GraphStore = request.app.state.store
    return store


async def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


# Declared as the OpenAPI's security scheme, so that clients know the admin routes need it.
ApiKey = Annotated[
    str | None,
    Security(
        APIKeyHeader(
            name="X-API-Key",
            scheme_name="AdminKey",
            description="the admin key (CTGRAPH_ADMIN_KEY); with none set, admin routes are off",
            auto_error=False,
        )
    ),
]


async def require_admin(settings: SettingsDep, x_api_key: ApiKey = None) -> None:
    """Every admin route's guard: 404 when admin is off, 401 without a key, 403 with a wrong
    one (compared in constant time)."""
    if settings.admin_key is None or not settings.admin_key.get_secret_value():
        raise NotFound("admin routes are off: set CTGRAPH_ADMIN_KEY to enable them")
    if not x_api_key:
        raise Unauthorized("missing X-API-Key header")
    if not hmac.compare_digest(x_api_key.encode(), settings.admin_key.get_secret_value().encode()):
        raise Forbidden("wrong API key")


# The dependencies of a router whose every route is an admin route.
ADMIN_ONLY = [Depends(require_admin)]
