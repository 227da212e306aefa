"""One error type carrying an HTTP status, mapped in one handler to `{"detail": …}`."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ctgraph.core.errors import CtgraphError, Forbidden, NotFound, Unauthorized
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


def responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI declarations of the error answers a route can give."""
    return {code: {"model": ErrorBody} for code in codes}


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

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse({"detail": "internal error"}, status_code=500)
