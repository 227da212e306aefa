"""Heavy work in processes of its own: a pool of worker processes, each with its own event loop
and its own connections to the database, at a lower CPU priority.

Why processes: heavy work (a network of thousands of nodes read, assembled, laid out and turned
into JSON or GEXF) is Python work. In a thread of the server's process it takes the interpreter
lock from the event loop that answers the cheap routes; in a process of its own it cannot, and
the kernel runs the cheap routes first (the workers are niced). A worker that dies (killed for
running past its budget, out of memory) takes no request but its own with it: the next heavy
request starts a new one.

The work is a closure over the request's values (`Callable[[GraphStore], Awaitable[T]]`),
pickled by value with cloudpickle, run in the worker on the store the app's store opens there
(`GraphStore.opener()`); its answer or its error comes back pickled. A worker keeps a few stores
open, one per graph it was asked about.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import ctypes
import itertools
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

import cloudpickle

from ctgraph.store.base import GraphStore, QueryTimeout, StoreOpener, reads_within

log = logging.getLogger("ctgraph")
T = TypeVar("T")
Work = Callable[[GraphStore], Awaitable[T]]
NICE = 10
# A worker asked to stop its work that has not answered within this is killed.
CANCEL_GRACE_S = 5.0
# A worker that has not started (imported ctgraph) within this is dead; the wait is not part of
# the first work's budget.
START_S = 60.0
_STORES_KEPT = 4
# A read stopped by the database this close to the work's budget was stopped by the budget.
_LATE_S = 0.5
_PR_SET_PDEATHSIG = 1


class WorkerDied(RuntimeError):
    """A worker process ended while it ran a request's work."""


class _Worker:
    """One worker process and the parent's end of its socket."""

    def __init__(self) -> None:
        parent, child = socket.socketpair()
        # The worker finds ctgraph (and whatever defined the store's class) where we do, and
        # nowhere else: `-P` keeps the folder it starts in off its path, so a folder there
        # named `ctgraph` (a checkout, a data folder) is never imported in its place.
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-P",
                "-c",
                "import ctgraph.api.workers as w; w.worker_main()",
                str(child.fileno()),
            ],  # fmt: skip
            pass_fds=(child.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        child.close()
        self.sock = parent
        self.conn = Connection(os.dup(parent.fileno()))
        self.job = 0
        self.ready = False  # it says so once it has imported what the work needs

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, message: tuple[Any, ...]) -> None:
        self.conn.send_bytes(cloudpickle.dumps(message))

    def answer(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[tuple[Any, ...]]:
        """The worker's next answer, awaited by a daemon thread of its own: one of the loop's
        executor threads would hold the server's exit until the worker answered or was killed."""
        future: asyncio.Future[tuple[Any, ...]] = loop.create_future()

        def settle(value: tuple[Any, ...] | None, exc: BaseException | None) -> None:
            if future.done():
                return
            if exc is not None:
                future.set_exception(exc)
            else:
                future.set_result(value or ())

        def receive() -> None:
            try:
                value, exc = pickle.loads(self.conn.recv_bytes()), None
            except BaseException as error:  # noqa: BLE001 - handed to the awaiting request
                value, exc = None, error
            with contextlib.suppress(RuntimeError):  # the loop has ended meanwhile
                loop.call_soon_threadsafe(settle, value, exc)

        threading.Thread(target=receive, daemon=True, name="heavy-answer").start()
        return future

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """Stop the worker: it ends when its socket closes; killed if it does not."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        with contextlib.suppress(OSError):
            self.conn.close()
        self.sock.close()


class WorkerPool:
    """The worker processes of this server process, shared by its apps; started on demand."""

    def __init__(self) -> None:
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._jobs = itertools.count(1)

    def warm(self, n: int) -> None:
        """Have at least `n` workers started (they import ctgraph meanwhile)."""
        with self._lock:
            self._prune()
            for _ in range(n - len(self._all)):
                w = _Worker()
                self._all.append(w)
                self._idle.append(w)

    def _prune(self) -> None:
        dead = [w for w in self._all if not w.alive()]
        for w in dead:
            self._all.remove(w)
            if w in self._idle:
                self._idle.remove(w)
            w.close()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                w = self._idle.pop()
                if w.alive():
                    return w
                self._all.remove(w)
                w.close()
            w = _Worker()
            self._all.append(w)
            return w

    def _give_back(self, w: _Worker, healthy: bool) -> None:
        with self._lock:
            if healthy and w.alive():
                self._idle.append(w)
                return
            if w in self._all:
                self._all.remove(w)
        w.kill()
        w.close()

    async def run(
        self, opener: StoreOpener, work: Work[T], timeout_s: float, done: Callable[[], None]
    ) -> T:
        """`work(store)` in a worker, on the store `opener` opens there. Past `timeout_s` (or
        when the caller is cancelled) the worker is asked to stop the work, and killed if it
        does not within CANCEL_GRACE_S; TimeoutError is raised at once. `done` is called once
        the work has really ended, however it ends."""
        loop = asyncio.get_running_loop()
        w = self._take()
        if not w.ready:
            # A worker just started is still importing: its start-up is not the work's budget.
            started = w.answer(loop)
            try:
                finished, _ = await asyncio.wait({started}, timeout=START_S)
            except BaseException:
                self._give_back(w, healthy=False)
                done()
                raise
            said = started.result() if finished and started.exception() is None else None
            if not said or said[0] != "ready":
                self._give_back(w, healthy=False)
                done()
                raise WorkerDied(f"a heavy-work process did not start within {START_S:g} s")
            w.ready = True
        job = next(self._jobs)
        try:
            w.send(("run", job, opener, work, timeout_s))
        except (OSError, pickle.PicklingError, TypeError) as exc:
            self._give_back(w, healthy=not isinstance(exc, OSError))
            done()
            if isinstance(exc, OSError):
                raise WorkerDied(f"a heavy-work process could not be reached: {exc}") from exc
            raise
        answer = w.answer(loop)

        def ended(f: asyncio.Future[tuple[Any, ...]]) -> None:
            self._give_back(w, healthy=not f.cancelled() and f.exception() is None)
            done()

        answer.add_done_callback(ended)

        def stop() -> None:
            with contextlib.suppress(OSError):
                w.send(("cancel", job))
            loop.call_later(CANCEL_GRACE_S, lambda: None if answer.done() else w.kill())

        try:
            finished, _ = await asyncio.wait({answer}, timeout=timeout_s)
        except BaseException:  # the client went away: the work stops too
            stop()
            raise
        if not finished:
            stop()
            raise TimeoutError
        try:
            kind, value, trace = answer.result()
        except (EOFError, OSError) as exc:
            code = w.process.poll()
            why = f"it ended with code {code}" if code is not None else str(exc) or "it ended"
            raise WorkerDied(f"the heavy-work process ran out or was stopped ({why})") from None
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        if kind == "cancelled":
            raise TimeoutError
        if trace:
            log.error("heavy work failed in its process:\n%s", trace)
        raise value

    def close(self) -> None:
        with self._lock:
            workers, self._all, self._idle = self._all, [], []
        for w in workers:
            w.close()


POOL = WorkerPool()
atexit.register(POOL.close)


# --- in the worker process -----------------------------------------------------------------


def worker_main() -> None:
    """A worker's life: run each job sent on its socket until the socket closes."""
    fd = int(sys.argv[1])
    with contextlib.suppress(AttributeError, OSError):
        # Ends with the server process, however that ends.
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the server ended before the line above
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # decides; the socket's end ends the worker
    with contextlib.suppress(OSError):
        os.nice(NICE)
    import ctgraph.api.main  # noqa: F401 - what the work refers to, imported before the first job

    conn = Connection(fd)
    conn.send(("ready", None, None))
    loop = asyncio.new_event_loop()
    stores: OrderedDict[StoreOpener, GraphStore] = OrderedDict()
    try:
        while True:
            try:
                message = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError):
                return
            if message[0] != "run":
                continue  # a stop for work that has already ended
            _, job, opener, work, budget = message
            conn.send(loop.run_until_complete(_one(conn, job, opener, work, budget, stores)))
    finally:
        for store in stores.values():
            with contextlib.suppress(Exception):
                loop.run_until_complete(store.close())
        loop.close()


async def _one(
    conn: Connection, job: int, opener: StoreOpener, work: Work[Any], budget: float,
    stores: OrderedDict[StoreOpener, GraphStore],
) -> tuple[str, Any, str | None]:  # fmt: skip
    loop = asyncio.get_running_loop()
    started = time.monotonic()
    task: asyncio.Task[Any] | None = None

    def readable() -> None:
        try:
            message = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            message = ("cancel", job)  # the server is gone: stop
            loop.remove_reader(conn.fileno())
        if message[:2] == ("cancel", job) and task is not None:
            task.cancel()

    loop.add_reader(conn.fileno(), readable)
    try:
        store = stores.pop(opener, None) or opener()
        stores[opener] = store
        while len(stores) > _STORES_KEPT:
            _, old = stores.popitem(last=False)
            with contextlib.suppress(Exception):
                await old.close()
        with reads_within(budget):  # the database stops the work's reads at its budget too
            task = asyncio.ensure_future(work(store))
        value = await task
    except asyncio.CancelledError:
        return ("cancelled", None, None)
    except QueryTimeout as exc:
        if time.monotonic() >= started + budget - _LATE_S:
            return ("cancelled", None, None)  # its budget ran out: the server says so
        return ("error", *_portable(exc))
    except Exception as exc:  # noqa: BLE001 - every error goes back to the request
        return ("error", *_portable(exc))
    finally:
        loop.remove_reader(conn.fileno())
    return ("ok", value, None)


def _portable(exc: Exception) -> tuple[Exception, str | None]:
    """The error as the server can unpickle it, and its traceback when it is unexpected."""
    from ctgraph.core.errors import CtgraphError
    from ctgraph.store.base import StoreError

    expected = isinstance(exc, CtgraphError | StoreError)
    trace = None if expected else "".join(traceback.format_exception(exc))
    try:
        copy = pickle.loads(pickle.dumps(exc))
        if isinstance(copy, Exception):
            return copy, trace
    except Exception:  # noqa: BLE001, S110 - sent as a plain error below
        pass
    return RuntimeError(f"{type(exc).__name__}: {exc}"), trace
