"""Property-based fuzzing of the whole OpenAPI spec: no 5xx, every answer fits its schema; and
a bounded run of schemathesis's own command with every one of its checks, the admin key given."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

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
from ctgraph.settings import Neo4jSettings, Settings
from ctgraph.store.base import GraphStore
from ctgraph.store.neo4j import Neo4jStore

pytestmark = pytest.mark.slow  # CI runs it; `-m "not slow"` leaves it out

CASES_PER_OPERATION = 90  # about 17 operations: over 1,000 generated cases in all


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_url(settings: Settings, sample_store: GraphStore) -> Iterator[str]:
    """A real uvicorn on 127.0.0.1 serving the sample graph, on each database in turn."""
    port = _port()
    update: dict[str, object] = {"cypher_timeout_ms": 500}
    if isinstance(sample_store, Neo4jStore):  # the app opens its own store, on its own loop
        update["neo4j"] = Neo4jSettings(
            uri=sample_store.uri,
            username=sample_store._username,
            password=sample_store._password,
            database=sample_store.database,
        )
    app = create_app(settings.model_copy(update=update))
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


def test_schemathesis_with_every_check(live_url: str, settings: Settings, tmp_path: Path) -> None:
    """`st run --checks all` over every phase (examples, coverage, fuzzing, stateful), valid and
    invalid data, with the admin key: every check schemathesis has passes on every operation."""
    assert settings.admin_key is not None
    key = settings.admin_key.get_secret_value()
    command = [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(Path(__file__).with_name("schemathesis.toml")),
        "run", f"{live_url}/openapi.json",
        "--checks", "all",
        "--mode", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", "25",
        "--seed", "17",
        # As the in-process fuzzing does: a health check of the data generator (too many of
        # its examples filtered out on an operation with many constrained parameters, such as
        # the export), not a check of the API.
        "--suppress-health-check", "filter_too_much",
        "--header", f"X-API-Key: {key}",
        "--request-timeout", "60",
        "--continue-on-failure",
        "--no-color",
        "--report", "junit",
        "--report-dir", str(tmp_path),
    ]  # fmt: skip
    env = {**os.environ, "COLUMNS": "200", "SCHEMATHESIS_HOOKS": ""}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=1500, env=env, check=False
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-12_000:]
    # It really ran: every operation, and thousands of cases.
    selected = re.search(r"Selected: (\d+)/(\d+)", out)
    tested = re.search(r"Tested: (\d+)", out)
    generated = re.search(r"(\d+) generated", out)
    assert selected and tested and generated, out[-3000:]
    assert int(tested[1]) == int(selected[2]) >= 30, out[-3000:]
    assert int(generated[1]) >= 2000, out[-3000:]
