"""Console output and database lifetime shared by the `ctgraph` commands."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from rich.console import Console

from ctgraph.settings import Settings
from ctgraph.store import EmbeddedStartError, GraphStore, StoreError, connect, embedded_server

T = TypeVar("T")

console = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line (what is wrong and what to do) and exit."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
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
def using_database(settings: Settings) -> Iterator[None]:
    """Run the embedded database for one command; stop it after if this command started it
    and no other process (a server, another loader) is using it."""
    started = ensure_database(settings)
    try:
        yield
    finally:
        if started:
            server = embedded_server(settings)
            if server.other_clients() == 0:
                server.stop()


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
