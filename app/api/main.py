"""The FastAPI application: `create_app()` with a lifespan that owns the graph store."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from ctgraph import __version__
from ctgraph.api import errors
from ctgraph.api.limits import HeavyLimiter
from ctgraph.api.routers import (
    admin,
    cypher,
    dedupe,
    entities,
    export,
    extract,
    graph,
    health,
    history,
    search,
    ui,
    vocabulary,
)
from ctgraph.settings import Settings, get_settings
from ctgraph.store import EmbeddedServer, GraphStore, StoreUnavailable, connect, embedded_server

log = logging.getLogger("ctgraph")
CallNext = Callable[[Request], Awaitable[Response]]


async def open_store(settings: Settings) -> tuple[GraphStore, EmbeddedServer | None, bool]:
    """Start the embedded database if it is the backend, connect, and make the schema."""
    server: EmbeddedServer | None = None
    started = False
    if settings.backend == "embedded":
        server = embedded_server(settings)
        started = await run_in_threadpool(server.start)
    store = connect(settings)
    try:
        await store.ensure_schema()
    except StoreUnavailable as exc:
        # The service still starts: /readyz says false and data routes answer 503.
        log.warning("database not ready: %s", exc)
    return store, server, started


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The ctgraph service. Given a store, the app uses it as is and never closes it."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.heavy = HeavyLimiter(settings, warm=True)
        async with _own_store(app):
            yield

    @asynccontextmanager
    async def _own_store(app: FastAPI) -> AsyncIterator[None]:
        if store is not None:
            app.state.store = store
            yield
            return
        own, server, started = await open_store(settings)
        app.state.store = own
        try:
            if settings.load_sample:
                from ctgraph.loaders.sample import load_sample_if_empty

                await load_sample_if_empty(own, settings)
            yield
        finally:
            await own.close()
            if server is not None and started and server.other_clients() == 0:
                await run_in_threadpool(server.stop)

    # The API docs' Swagger UI and ReDoc come from the fastapi-offline package, not a CDN.
    app = FastAPIOffline(
        static_url="/static/docs",
        title="ctgraph",
        version=__version__,
        summary="The network of organizations, people and events against human trafficking.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    errors.install(app)

    @app.middleware("http")
    async def _docs_stay_local(request: Request, call_next: CallNext) -> Response:
        # ReDoc asks a CDN for its badge's logo: the docs pages may load nothing from outside.
        response = await call_next(request)
        if request.url.path in ("/docs", "/redoc"):
            response.headers["Content-Security-Policy"] = "img-src 'self' data:"
        return response

    for module in (
        health, vocabulary, entities, history, search, graph, export, cypher, admin, extract,
        dedupe, ui,
    ):  # fmt: skip
        app.include_router(module.router)
    errors.declare_unreadable_bodies(app)
    return app
