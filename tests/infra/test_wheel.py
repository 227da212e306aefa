"""The wheel, installed (not editable) in a new virtual env outside the checkout, runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("ctgraph-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the wheel and its locked dependencies; returns its bin folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    pip = env_dir / "bin" / "pip"
    lock = ROOT / "requirements.lock"
    subprocess.run(
        [str(pip), "install", "-q", "-c", str(lock), str(wheel)], check=True, timeout=900
    )
    return env_dir / "bin"


def test_wheel_holds_one_namespace_and_its_files(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"ctgraph"}
    for needed in (
        "ctgraph/cypher/search.cypher",
        "ctgraph/cypher/falkordb/search.cypher",
        "ctgraph/static/index.html",
        "ctgraph/sample/organizations.csv",
        "ctgraph/py.typed",
    ):
        assert needed in names, f"{needed} is missing from the wheel"


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Iterator[Path]:
    """A working directory outside the checkout, with its own data folder."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    yield work


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTGRAPH_", "NEO4J_"))}
    env["CTGRAPH_HOME"] = str(cwd / "home")
    return subprocess.run(
        [str(bin_dir / "ctgraph"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_installed_wheel_loads_serves_and_documents(installed: Path, elsewhere: Path) -> None:
    version = _run(installed, elsewhere, "--version")
    assert version.returncode == 0 and version.stdout.startswith("ctgraph "), version.stderr
    help_ = _run(installed, elsewhere, "serve", "--help")
    assert "CTGRAPH_PORT" in help_.stdout and "8000" in help_.stdout
    load = _run(installed, elsewhere, "load", "--sample")
    assert load.returncode == 0, load.stdout + load.stderr
    assert "organizations" in load.stdout and "14" in load.stdout
    stats = _run(installed, elsewhere, "stats", "--json")
    assert stats.returncode == 0 and '"Organization": 14' in stats.stdout, stats.stderr

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTGRAPH_", "NEO4J_"))}
    env["CTGRAPH_HOME"] = str(elsewhere / "home")
    serve = subprocess.Popen(
        [str(installed / "ctgraph"), "serve", "--port", str(port)],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).json().get("ready"):
                    break
            except httpx.HTTPError:
                pass
            assert serve.poll() is None, serve.stdout.read() if serve.stdout else ""
            assert time.monotonic() < deadline, "ctgraph serve did not become ready in 60 s"
            time.sleep(0.3)
        page = httpx.get(f"{base}/")
        assert page.status_code == 200 and "ctgraph" in page.text
        for asset in ("/static/app.css", "/static/vendor/vis-network.min.js"):
            assert httpx.get(base + asset).status_code == 200, asset
        docs = httpx.get(f"{base}/docs")
        assert docs.status_code == 200 and "/static/docs/swagger-ui-bundle.js" in docs.text
        assert httpx.get(f"{base}/static/docs/swagger-ui-bundle.js").status_code == 200
        hits = httpx.get(f"{base}/api/search", params={"q": "IOM"}).json()["results"]
        assert any(h["id"] == "org:iom" for h in hits), hits
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=60)
    assert serve.returncode == 0
    status = _run(installed, elsewhere, "db", "status", "--json")
    assert '"running": false' in status.stdout, status.stdout
