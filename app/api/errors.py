"""One error type carrying an HTTP status, mapped in one handler to `{"detail": …}`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from ctgraph.core.errors import CtgraphError, Forbidden, NotFound, Unauthorized, Unprocessable
from ctgraph.store.base import (
    QueryInvalid,
    QueryRefused,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
)

__all__ = [
    "CtgraphError",
    "ErrorBody",
    "Forbidden",
    "NotFound",
    "Unauthorized",
    "Unprocessable",
    "BadRequest",
    "Busy",
    "TooSlow",
    "install",
    "responses",
]

log = logging.getLogger("ctgraph")


class BadRequest(CtgraphError):
    """The request cannot be run as sent; the message says what to change."""

    status_code = 400


class Busy(CtgraphError):
    """Too much heavy work is already running or waiting: try again after `retry_after` s."""

    status_code = 503

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(max(1, retry_after))}


class TooSlow(CtgraphError):
    """The request ran past its time budget and was stopped."""

    status_code = 408


class ErrorBody(BaseModel):
    """Every error answer has this shape."""

    detail: str


_STORE_STATUS: list[tuple[type[StoreError], int]] = [
    (StoreUnavailable, 503),
    (QueryRefused, 403),
    (QueryTimeout, 408),
    (QueryInvalid, 400),
]


def store_status(exc: StoreError) -> int:
    """The HTTP status a store error answers with."""
    for kind, status in _STORE_STATUS:
        if isinstance(exc, kind):
            return status
    return 500


class InvalidBody(BaseModel):
    """A request refused as it was sent: a sentence, or FastAPI's list of the invalid fields."""

    detail: str | list[dict[str, Any]]


def responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI declarations of the error answers a route can give."""
    return {code: {"model": InvalidBody if code == 422 else ErrorBody} for code in codes}


def _routes(routes: list[Any]) -> Iterator[Route]:
    """Every route, those of included routers too."""
    for route in routes:
        if isinstance(route, Route):
            yield route
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        if inner:
            yield from _routes(inner)


UNREADABLE_BODY = {
    "description": "the body could not be read: not JSON, or not of its content type",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


def declare_unreadable_bodies(app: FastAPI) -> None:
    """Every route that reads a body answers 400 to one it cannot parse: the OpenAPI says so."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    if isinstance(operation, dict) and "requestBody" in operation:
                        operation.setdefault("responses", {}).setdefault("400", UNREADABLE_BODY)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    """Map ctgraph's errors and the store's to `{"detail": …}` answers, never a traceback."""

    @app.exception_handler(CtgraphError)
    async def _ctgraph(_: Request, exc: CtgraphError) -> JSONResponse:
        headers: dict[str, str] | None = getattr(exc, "headers", None)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        status = store_status(exc)
        if status == 500:
            log.error("database error: %s", exc)
            return JSONResponse({"detail": "the database failed to answer"}, status_code=500)
        return JSONResponse({"detail": str(exc)}, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code != 405:
            return await http_exception_handler(request, exc)
        # Starlette names the methods of the first route on the path only: name them all.
        methods: set[str] = set()
        for route in _routes(app.router.routes):
            if route.methods and route.matches(request.scope)[0] is not Match.NONE:
                methods |= route.methods
        allow = ", ".join(sorted(methods)) or (exc.headers or {}).get("Allow", "")
        return JSONResponse(
            {"detail": "Method Not Allowed"}, status_code=405, headers={"Allow": allow}
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse({"detail": "internal error"}, status_code=500)
