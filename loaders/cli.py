"""`ctgraph load` and `ctgraph merge`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the loader commands to the `ctgraph` command."""
