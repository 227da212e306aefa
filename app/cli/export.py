"""`ctgraph export`: the same files as `GET /api/export`, written from the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from ctgraph.cli.console import console, fail, using_database
from ctgraph.core.dates import full_date
from ctgraph.core.errors import CtgraphError
from ctgraph.graph import exports
from ctgraph.graph.analytics import DEFAULT_TYPES
from ctgraph.graph.models import NodeType
from ctgraph.settings import get_settings
from ctgraph.store import StoreError, connect


def export(
    out: Annotated[Path, typer.Option("--out", help="file to write")],
    format: Annotated[
        exports.ExportFormat, typer.Option("--format", help="graphml, gexf, csv (zip) or json")
    ] = exports.ExportFormat.json,
    id: Annotated[str | None, typer.Option("--id", help="this entity's neighbourhood")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=3)] = 1,
    types: Annotated[list[NodeType] | None, typer.Option("--types", help="node types")] = None,
    start: Annotated[str | None, typer.Option("--from", help="events from YYYY[-MM[-DD]]")] = None,
    end: Annotated[str | None, typer.Option("--to", help="events to YYYY[-MM[-DD]]")] = None,
    country: Annotated[str | None, typer.Option("--country")] = None,
) -> None:
    """Export the graph (or one neighbourhood) as GraphML, GEXF, Gephi CSV or JSON."""
    settings = get_settings()
    chosen = tuple(t.value for t in types) if types else DEFAULT_TYPES

    async def run() -> tuple[int, int, bytes]:
        store = connect(settings)
        try:
            nodes, edges = await exports.select(
                store,
                entity_id=id,
                depth=depth,
                types=chosen,
                start=full_date(start),
                end=full_date(end, last=True),
                country=country,
            )
            return len(nodes), len(edges), exports.render(format.value, nodes, edges)
        finally:
            await store.close()

    try:
        with using_database(settings):
            n, e, data = asyncio.run(run())
    except (StoreError, CtgraphError) as exc:
        raise fail(str(exc)) from exc
    out.write_bytes(data)
    console.print(f"wrote {out} ({format.value}: {n:,} nodes, {e:,} edges)")


def register(app: typer.Typer) -> None:
    """Add the export command to the `ctgraph` command."""
    app.command("export")(export)
