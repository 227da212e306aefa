"""Property-based fuzzing of the whole OpenAPI spec: no 5xx, every answer fits its schema."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ctgraph.api.main import create_app
from ctgraph.settings import Settings
from ctgraph.store.falkordb import FalkorStore

CASES_PER_OPERATION = 90  # about 17 operations: over 1,000 generated cases in all


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_url(settings: Settings, sample_store: FalkorStore) -> Iterator[str]:
    """A real uvicorn on 127.0.0.1 serving the sample graph, with its own store."""
    port = _port()
    app = create_app(settings.model_copy(update={"cypher_timeout_ms": 500}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_fuzz_openapi(live_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live_url}/openapi.json")
    checks = [
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
        content_type_conformance,
    ]
    total = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @hsettings(
            max_examples=CASES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            nonlocal total
            total += 1
            case.call_and_validate(checks=checks)

        run()
    assert total >= 1000
