"""Console output and database lifetime shared by the `ctgraph` commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from ctgraph.settings import Settings
from ctgraph.store import EmbeddedStartError, embedded_server

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
