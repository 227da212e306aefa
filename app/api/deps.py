"""Dependencies shared by the routers (async: FastAPI runs plain functions on a thread)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

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
