"""ctgraph's own errors: each carries the HTTP status it answers with, whoever raises it."""

from __future__ import annotations


class CtgraphError(Exception):
    """An error with the HTTP status it answers with."""

    status_code = 400

    def __init__(self, detail: str, status_code: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if status_code is not None:
            self.status_code = status_code


class NotFound(CtgraphError):
    status_code = 404


class Unauthorized(CtgraphError):
    status_code = 401


class Forbidden(CtgraphError):
    status_code = 403


class Unprocessable(CtgraphError):
    """The request names something that cannot be done (a merge of two types, an undo of
    nothing, a retraction of nothing); the message says why."""

    status_code = 422
