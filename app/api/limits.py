"""Bounded heavy work: anonymous Cypher, paths, networks and exports run a few at a time, in
their own threads, within a time budget; over it they answer 503 (busy) or 408 (too slow).

Why so: FalkorDB runs THREAD_COUNT queries at once (2 on a 2-core machine). Heavy work may hold
at most `heavy_slots` of them (default 1) across every server process (a lock file per slot in
the data folder), so a cheap lookup always finds a database thread free. And the embedded
client parses a whole reply in one go: a depth-3 neighbourhood's 14,000 rows held the event
loop for seconds. Heavy work therefore runs in a thread of its own with its own event loop and
its own connection to the database, so that the event loop keeps answering the cheap routes
meanwhile. (Neo4j's driver reads records a page at a time, yielding between pages: there the
work runs on the event loop, still under the same slots and budget.)
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import math
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Annotated, Any, TypeVar

from fastapi import Depends, Request, Response
from pydantic import BaseModel

from ctgraph.api.errors import Busy, TooSlow
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore
from ctgraph.store.falkordb import FalkorStore

T = TypeVar("T")
Work = Callable[[GraphStore], Awaitable[T]]
_POLL_S = 0.02
# The main thread gets the interpreter back from a busy heavy thread within this (Python's
# default is 5 ms, which a cheap lookup would pay at each of its awaits).
_SWITCH_INTERVAL_S = 0.001
_NICE = 10


class _Worker:
    """One thread running an event loop of its own, with its own store (a clone of the app's)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = _clone(store)
        self.loop = asyncio.new_event_loop()
        self.thread: threading.Thread | None = None
        if self.store is not None:
            self.thread = threading.Thread(target=self._serve, name="ctgraph-heavy", daemon=True)
            self.thread.start()

    def _serve(self) -> None:
        # A lower CPU priority for this thread and the threads it starts (networkx's centrality
        # runs in one): on a busy 2-core machine the cheap routes' event loop runs first.
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICE)
        self.loop.run_forever()

    def start(
        self, work: Work[T], app_store: GraphStore, done: Callable[[], None]
    ) -> asyncio.Future[T]:
        """Start `work` on this worker's loop (or on the caller's, for a store without a clone);
        `done` is called on the caller's loop once the work has really ended, however it ends
        (a cancelled database call may take a while to notice)."""
        caller = asyncio.get_running_loop()
        store = self.store if self.thread is not None and self.store is not None else app_store

        async def job() -> T:
            try:
                return await work(store)
            finally:
                caller.call_soon_threadsafe(done)

        if store is app_store:
            return asyncio.ensure_future(job())
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(job(), self.loop))

    def close(self) -> None:
        if self.thread is None or self.store is None:
            self.loop.close()
            return
        done = asyncio.run_coroutine_threadsafe(self.store.close(), self.loop)
        with contextlib.suppress(Exception):
            done.result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        if not self.thread.is_alive():
            self.loop.close()


def _clone(store: GraphStore) -> GraphStore | None:
    """A store on the same graph for another event loop, where the backend needs one."""
    if isinstance(store, FalkorStore):
        path = store._pool.connection_kwargs.get("path")
        return FalkorStore(str(path), store.graph_name) if path else None
    return None


class HeavyLimiter:
    """At most `heavy_slots` heavy requests at once, `heavy_queue` more waiting; each within
    `heavy_timeout_s`. One per app; the slots are shared by every process on the data folder."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.slots = settings.heavy_slots
        self.waiting = 0
        self._free: asyncio.Queue[_Worker] | None = None
        self._workers: list[_Worker] = []
        self._store: GraphStore | None = None
        folder = Path(settings.home).absolute() / "heavy-slots"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock_dir: Path | None = folder
        except OSError:
            self._lock_dir = None  # a read-only data folder: slots are per process then
        sys.setswitchinterval(min(sys.getswitchinterval(), _SWITCH_INTERVAL_S))

    def _pool(self, store: GraphStore) -> asyncio.Queue[_Worker]:
        if self._free is None or self._store is not store:
            self.close()
            self._store = store
            self._free = asyncio.Queue()
            self._workers = [_Worker(store) for _ in range(self.slots)]
            for w in self._workers:
                self._free.put_nowait(w)
        return self._free

    def _busy(self, why: str) -> Busy:
        wait = self.settings.heavy_wait_s
        return Busy(
            f"the server is busy with other heavy requests ({why}): try again in "
            f"{math.ceil(wait)} s, or ask for less (a smaller depth, fewer types, a date range)",
            retry_after=math.ceil(wait),
        )

    async def run(self, store: GraphStore, work: Work[T], timeout_s: float | None = None) -> T:
        """Run `work(store)` in a slot within the time budget; 503 when none frees up in time."""
        free = self._pool(store)
        if free.empty() and self.waiting >= self.settings.heavy_queue:
            raise self._busy(f"{self.slots} running and {self.waiting} waiting")
        deadline = time.monotonic() + self.settings.heavy_wait_s
        self.waiting += 1
        try:
            worker = await asyncio.wait_for(free.get(), self.settings.heavy_wait_s)
        except TimeoutError:
            raise self._busy(f"none of the {self.slots} slots freed up in time") from None
        finally:
            self.waiting -= 1
        try:
            held = await self._slot_file(deadline)
        except BaseException:
            free.put_nowait(worker)
            raise

        def release() -> None:
            # The slot is given back when the work has ended, not when its answer was given up
            # on: heavy work never holds more database threads than there are slots.
            held.__exit__(None, None, None)
            free.put_nowait(worker)

        budget = timeout_s or self.settings.heavy_timeout_s
        future = worker.start(work, store, release)
        try:
            finished, _ = await asyncio.wait({future}, timeout=budget)
        except BaseException:  # the client went away: its work stops too
            future.cancel()
            raise
        if finished:
            return future.result()
        future.cancel()
        raise TooSlow(
            f"the request ran past its {budget:g} s budget and was stopped: ask for less (a "
            "smaller depth or limit, fewer types, a date range or a country)"
        )

    async def _slot_file(self, deadline: float) -> contextlib.AbstractContextManager[Any]:
        """One of the slots' lock files, held (other server processes share them)."""
        if self._lock_dir is None:
            return contextlib.nullcontext()
        while True:
            for i in range(self.slots):
                handle = _try_lock(self._lock_dir / f"slot-{i}.lock")
                if handle is not None:
                    return _Held(handle)
            if time.monotonic() >= deadline:
                raise self._busy("other server processes hold every slot")
            await asyncio.sleep(_POLL_S)

    def close(self) -> None:
        """Stop the worker threads (their stores close)."""
        for w in self._workers:
            w.close()
        self._workers = []
        self._free = None
        self._store = None


def _try_lock(path: Path) -> IO[bytes] | None:
    handle = open(path, "ab")  # noqa: SIM115 - held until the slot is given back
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    with contextlib.suppress(OSError):
        os.set_inheritable(handle.fileno(), False)
    return handle


class _Held(contextlib.AbstractContextManager["_Held"]):
    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def __exit__(self, *exc: object) -> None:
        self.handle.close()  # closing the file gives the lock back


class Heavy:
    """The limiter bound to the app's store, as routes use it."""

    def __init__(self, limiter: HeavyLimiter, store: GraphStore) -> None:
        self.limiter = limiter
        self.store = store

    async def run(self, work: Work[T], timeout_s: float | None = None) -> T:
        """`work(store)` under the heavy budget: 503 when busy, 408 past its time."""
        return await self.limiter.run(self.store, work, timeout_s)

    async def json(self, work: Work[BaseModel], timeout_s: float | None = None) -> Response:
        """As `run`, for a model answered as JSON: serialized in the heavy thread too (a
        network of thousands of nodes takes a while to turn into JSON)."""

        async def rendered(store: GraphStore) -> bytes:
            return (await work(store)).model_dump_json().encode()

        body = await self.limiter.run(self.store, rendered, timeout_s)
        return Response(body, media_type="application/json")


async def get_heavy(request: Request) -> Heavy:
    """The app's heavy-work limiter, on the app's store."""
    limiter: HeavyLimiter | None = getattr(request.app.state, "heavy", None)
    if limiter is None:  # an app used without its lifespan
        limiter = request.app.state.heavy = HeavyLimiter(request.app.state.settings)
    return Heavy(limiter, request.app.state.store)


HeavyDep = Annotated[Heavy, Depends(get_heavy)]
