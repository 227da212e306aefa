"""Bounded heavy work: anonymous Cypher, paths, networks and exports run a few at a time, in
worker processes of their own, within a time budget; over it they answer 503 (busy) or 408 (too
slow).

Why so: FalkorDB runs THREAD_COUNT queries at once (2 on a 2-core machine). Heavy work may hold
at most `heavy_slots` of them (default 1) across every server process (a lock file per slot in
the data folder), so a cheap lookup always finds a database thread free. And heavy work is
Python work too (a network read, assembled and turned into JSON or GEXF): it runs in a worker
process (ctgraph.api.workers), niced, with its own connections, so that the server's event loop
keeps answering the cheap routes meanwhile. A store that cannot be opened in another process
(none of ctgraph's) has its heavy work run on the event loop, under the same slots and budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Annotated, Any, TypeVar

from fastapi import Depends, Request, Response
from pydantic import BaseModel
from pydantic_core import to_json

from ctgraph.api.errors import Busy, TooSlow
from ctgraph.api.workers import POOL, Work, WorkerDied
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore, StoreUnavailable

T = TypeVar("T")
_POLL_S = 0.02


class HeavyLimiter:
    """At most `heavy_slots` heavy requests at once, `heavy_queue` more waiting; each within
    `heavy_timeout_s`. One per app; the slots are shared by every process on the data folder."""

    def __init__(self, settings: Settings, warm: bool = False) -> None:
        self.settings = settings
        self.slots = settings.heavy_slots
        self.waiting = 0
        self._free: asyncio.Queue[int] | None = None
        folder = Path(settings.home).absolute() / "heavy-slots"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock_dir: Path | None = folder
        except OSError:
            self._lock_dir = None  # a read-only data folder: slots are per process then
        if warm:  # a server: its workers start with it, so the first heavy request waits less
            POOL.warm(self.slots)

    def _tokens(self) -> asyncio.Queue[int]:
        if self._free is None:
            self._free = asyncio.Queue()
            for i in range(self.slots):
                self._free.put_nowait(i)
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
        free = self._tokens()
        if free.empty() and self.waiting >= self.settings.heavy_queue:
            raise self._busy(f"{self.slots} running and {self.waiting} waiting")
        deadline = time.monotonic() + self.settings.heavy_wait_s
        self.waiting += 1
        try:
            token = await asyncio.wait_for(free.get(), self.settings.heavy_wait_s)
        except TimeoutError:
            raise self._busy(f"none of the {self.slots} slots freed up in time") from None
        finally:
            self.waiting -= 1
        try:
            held = await self._slot_file(deadline)
        except BaseException:
            free.put_nowait(token)
            raise

        def release() -> None:
            # The slot is given back when the work has ended, not when its answer was given up
            # on: heavy work never holds more database threads than there are slots.
            held.__exit__(None, None, None)
            free.put_nowait(token)

        budget = timeout_s or self.settings.heavy_timeout_s
        try:
            return await _run(store, work, budget, release)
        except TimeoutError:
            raise TooSlow(
                f"the request ran past its {budget:g} s budget and was stopped: ask for less (a "
                "smaller depth or limit, fewer types, a date range or a country)"
            ) from None
        except WorkerDied as exc:
            raise StoreUnavailable(f"{exc}: try again, or ask for less") from None

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


async def _run(store: GraphStore, work: Work[T], budget: float, done: Callable[[], None]) -> T:
    """`work(store)` in a worker process when the store opens there, else on this loop."""
    opener = store.opener()
    if opener is not None:
        return await POOL.run(opener, work, budget, done)

    async def job() -> T:
        try:
            return await work(store)
        finally:
            done()

    future = asyncio.ensure_future(job())
    try:
        finished, _ = await asyncio.wait({future}, timeout=budget)
    except BaseException:
        future.cancel()
        raise
    if not finished:
        future.cancel()
        raise TimeoutError
    return future.result()


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

    async def json(self, work: Work[BaseModel | Any], timeout_s: float | None = None) -> Response:
        """As `run`, for a model (or plain data) answered as JSON: serialized by the heavy work
        too (a network of thousands of nodes takes a while to turn into JSON)."""

        async def rendered(store: GraphStore) -> bytes:
            value = await work(store)
            if isinstance(value, BaseModel):
                return value.model_dump_json().encode()
            return to_json(value)

        body = await self.limiter.run(self.store, rendered, timeout_s)
        return Response(body, media_type="application/json")


async def get_heavy(request: Request) -> Heavy:
    """The app's heavy-work limiter, on the app's store."""
    limiter: HeavyLimiter | None = getattr(request.app.state, "heavy", None)
    if limiter is None:  # an app used without its lifespan
        limiter = request.app.state.heavy = HeavyLimiter(request.app.state.settings)
    return Heavy(limiter, request.app.state.store)


HeavyDep = Annotated[Heavy, Depends(get_heavy)]
