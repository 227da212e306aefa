"""Console output and database lifetime shared by the `ctgraph` commands."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from ctgraph.settings import Settings
from ctgraph.store import (
    EmbeddedServer,
    EmbeddedStartError,
    GraphStore,
    StoreError,
    connect,
    embedded_server,
)

T = TypeVar("T")

log = logging.getLogger("ctgraph")
console = Console()
err = Console(stderr=True)


def on_terminal(out: Console) -> bool:
    """Whether `out` writes to a terminal a person reads (not a pipe, a file or a CI log):
    tables there, one grep-able line per item elsewhere. FORCE_COLOR and TTY_COMPATIBLE, which
    make rich colour a log, do not make it a terminal."""
    isatty = getattr(out.file, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # a closed stream
        return False


def plain(out: Console, line: str) -> None:
    """One line as it is: no markup, highlighting or emoji codes, never wrapped or cut."""
    out.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True, crop=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line (what is wrong and what to do) and exit."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def ensure_database(settings: Settings) -> bool:
    """Start the embedded database when it is the backend; True when this call started it."""
    if settings.backend != "embedded":
        return False
    try:
        return embedded_server(settings).start()
    except EmbeddedStartError as exc:
        raise fail(str(exc)) from exc


@contextmanager
def using_database(settings: Settings, *, watch: bool = False) -> Iterator[None]:
    """Run the embedded database for one command; stop it after if this command started it
    and no other process (a server, another loader) is using it. With `watch` (a server), a
    database that dies meanwhile is started again."""
    started = ensure_database(settings)
    stop = threading.Event()
    if watch and not settings.neo4j.uri:
        threading.Thread(
            target=_watch, args=(embedded_server(settings), stop), daemon=True, name="db-watch"
        ).start()
    try:
        yield
    finally:
        stop.set()
        if started:
            server = embedded_server(settings)
            if server.other_clients() == 0:
                server.stop()


WATCH_EVERY_S = 1.0


def _watch(server: EmbeddedServer, stop: threading.Event) -> None:
    """Start the embedded database again whenever it is found gone (killed, or ended by the
    kernel); readiness answers 503 until it answers again."""
    told = False
    while not stop.wait(WATCH_EVERY_S):
        if server.pid() is not None:
            told = False
            continue
        if server.stopped_by_hand():
            if not told:
                log.warning(
                    "the embedded database was stopped with `ctgraph db stop`; not starting it "
                    "again (start it with `ctgraph db start`)"
                )
                told = True
            continue
        log.warning(
            "the embedded database stopped (its log: %s); starting it again", server.log_file
        )
        try:
            server.start()
        except EmbeddedStartError as exc:
            log.error("the embedded database could not be started again: %s", exc)
            stop.wait(5)
        else:
            log.warning("the embedded database is running again")


def on_store(
    settings: Settings,
    work: Callable[[GraphStore], Awaitable[T]],
    *,
    schema: bool = True,
    errors: tuple[type[Exception], ...] = (),
) -> T:
    """Run one command's work on the configured database (started for it if need be), with
    the schema made first; a database error, or one of `errors`, ends it with one line."""

    async def run() -> T:
        store = connect(settings)
        try:
            if schema:
                await store.ensure_schema()
            return await work(store)
        finally:
            await store.close()

    caught: tuple[type[Exception], ...] = (StoreError, *errors)
    try:
        with using_database(settings):
            return asyncio.run(run())
    except caught as exc:
        raise fail(str(exc)) from exc
