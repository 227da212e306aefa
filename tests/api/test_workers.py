"""Heavy work in worker processes (ctgraph.api.workers): it runs elsewhere, its answers and
errors come back, past its budget it is stopped (killed when it will not stop), a worker that
dies costs one request, and workers end with the process that started them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import psutil
import pytest

from ctgraph.api import workers
from ctgraph.api.errors import NotFound
from ctgraph.api.main import create_app
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore

ROOT = Path(__file__).resolve().parents[2]


class Ended:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


async def test_work_runs_in_another_process_on_the_same_graph(sample_store: GraphStore) -> None:
    opener = sample_store.opener()
    assert opener is not None

    async def work(st: GraphStore) -> tuple[int, str | None]:
        return os.getpid(), await st.resolve_id("org:iom")

    ended = Ended()
    pid, found = await workers.POOL.run(opener, work, 60, ended)
    assert pid != os.getpid()
    assert found == "org:iom"
    assert ended.calls == 1
    assert psutil.Process(pid).nice() >= workers.NICE


async def test_a_worker_s_start_up_is_not_its_first_work_s_budget(
    sample_store: GraphStore,
) -> None:
    """The first work of a worker that is still starting (importing ctgraph takes longer than
    this work's budget) runs within its budget once the worker is ready, instead of timing out."""
    opener = sample_store.opener()
    assert opener is not None
    pool = workers.WorkerPool()
    try:
        pool.warm(1)
        [w] = pool._all
        began = time.monotonic()
        w.process.send_signal(signal.SIGSTOP)  # a slow start (a busy machine)
        asyncio.get_running_loop().call_later(1.5, w.process.send_signal, signal.SIGCONT)

        async def quick(st: GraphStore) -> int:
            return os.getpid()

        assert await pool.run(opener, quick, 0.5, Ended()) == w.process.pid
        assert time.monotonic() - began >= 1.5  # it waited for the start, then ran
        assert w.ready
    finally:
        pool.close()


async def test_errors_come_back_as_they_were_raised(sample_store: GraphStore) -> None:
    opener = sample_store.opener()
    assert opener is not None

    async def missing(st: GraphStore) -> None:
        raise NotFound("no entity with id 'org:nowhere'")

    async def broken(st: GraphStore) -> None:
        raise ValueError("a bug")

    ended = Ended()
    with pytest.raises(NotFound, match="org:nowhere") as caught:
        await workers.POOL.run(opener, missing, 60, ended)
    assert caught.value.status_code == 404
    with pytest.raises(ValueError, match="a bug"):
        await workers.POOL.run(opener, broken, 60, ended)
    assert ended.calls == 2


async def test_past_its_budget_work_is_stopped_then_the_worker_is_reused(
    sample_store: GraphStore,
) -> None:
    opener = sample_store.opener()
    assert opener is not None

    async def slow(st: GraphStore) -> int:
        await asyncio.sleep(30)
        return os.getpid()

    async def quick(st: GraphStore) -> int:
        return os.getpid()

    ended = Ended()
    t = time.monotonic()
    with pytest.raises(TimeoutError):
        await workers.POOL.run(opener, slow, 0.5, ended)
    assert time.monotonic() - t < 5
    for _ in range(100):  # the worker was asked to stop, and says it has
        if ended.calls:
            break
        await asyncio.sleep(0.05)
    assert ended.calls == 1
    first = await workers.POOL.run(opener, quick, 60, ended)
    assert psutil.pid_exists(first)


async def test_work_that_will_not_stop_is_killed(
    sample_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    opener = sample_store.opener()
    assert opener is not None
    monkeypatch.setattr(workers, "CANCEL_GRACE_S", 0.5)

    async def stuck(st: GraphStore) -> None:
        os.write(1, f"stuck {os.getpid()}\n".encode())
        time.sleep(60)  # holds its event loop: the stop cannot reach it

    async def pid(st: GraphStore) -> int:
        return os.getpid()

    before = {w.process.pid for w in workers.POOL._all}
    ended = Ended()
    with pytest.raises(TimeoutError):
        await workers.POOL.run(opener, stuck, 0.5, ended)
    for _ in range(100):
        if ended.calls:
            break
        await asyncio.sleep(0.05)
    assert ended.calls == 1, "the slot was not given back after the kill"
    killed = before | {w.process.pid for w in workers.POOL._all}
    after = await workers.POOL.run(opener, pid, 60, ended)
    assert after != os.getpid()
    assert sum(psutil.pid_exists(p) and psutil.Process(p).status() != "zombie" for p in killed) <= (
        len(workers.POOL._all)
    )


async def test_a_worker_that_dies_costs_one_request(
    settings: Settings, sample_store: GraphStore
) -> None:
    opener = sample_store.opener()
    assert opener is not None

    async def dies(st: GraphStore) -> None:
        os._exit(3)

    with pytest.raises(workers.WorkerDied, match="code 3"):
        await workers.POOL.run(opener, dies, 60, Ended())

    app = create_app(settings, store=sample_store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            for w in list(workers.POOL._idle):
                w.process.kill()
                w.process.wait(5)
            r = await c.get("/api/graph/neighborhood", params={"id": "org:iom"})
            assert r.status_code == 200, r.text
            assert any(n["id"] == "org:iom" for n in r.json()["nodes"])


def test_workers_end_with_the_process_that_started_them(tmp_path: Path) -> None:
    """A server killed with SIGKILL leaves no worker behind."""
    script = textwrap.dedent(
        """
        import sys, time
        from ctgraph.api import workers
        workers.POOL.warm(2)
        print(" ".join(str(w.process.pid) for w in workers.POOL._all), flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(psutil.pid_exists(p) for p in pids)
    time.sleep(1.0)  # the workers are importing ctgraph
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
        time.sleep(0.1)
    assert not alive, f"workers {alive} outlived their server"


def test_a_server_ends_while_its_heavy_work_is_under_way(tmp_path: Path) -> None:
    """A server that ends (uvicorn after SIGTERM: its loop closes, then the interpreter exits)
    does not wait for heavy work that will not stop: the worker is killed and the process ends."""
    script = textwrap.dedent(
        """
        import asyncio, time
        from ctgraph.api import workers
        from ctgraph.store.falkordb import FalkorOpener

        async def stuck(store):
            time.sleep(120)  # holds its event loop: the stop cannot reach it

        async def main():
            asyncio.ensure_future(
                workers.POOL.run(FalkorOpener("/nonexistent.sock", "g"), stuck, 300, lambda: None)
            )
            await asyncio.sleep(3)  # the worker is in the work
            print(workers.POOL._all[0].process.pid, flush=True)

        asyncio.run(main())
        """
    )
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    pid = int(proc.stdout.readline())
    proc.wait(30)
    took = time.monotonic() - started
    assert proc.returncode == 0
    assert took < 20, f"the process took {took:.0f} s to end: it waited for the work"
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie":
        assert time.monotonic() < deadline, f"worker {pid} outlived its server"
        time.sleep(0.1)


async def test_a_folder_named_ctgraph_where_the_server_starts_is_not_imported(
    sample_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trap = tmp_path / "ctgraph"
    trap.mkdir()
    (trap / "__init__.py").write_text("raise ImportError('a folder that is not ctgraph')\n")
    monkeypatch.chdir(tmp_path)
    pool = workers.WorkerPool()
    opener = sample_store.opener()
    assert opener is not None

    async def work(st: GraphStore) -> str | None:
        return await st.resolve_id("org:iom")

    try:
        assert await pool.run(opener, work, 60, Ended()) == "org:iom"
    finally:
        pool.close()
