"""`ctgraph export`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the export command to the `ctgraph` command."""
