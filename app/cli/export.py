"""`ctgraph export`: the same files as `GET /api/export`, written from the command line."""

from __future__ import annotations

import asyncio
import re
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
    view: Annotated[
        exports.ExportView | None,
        typer.Option(
            "--view",
            help="all, neighborhood (the default with --id), coorg (co-organization network) "
            "or paths (--from and --to are then two entity ids)",
        ),
    ] = None,
    id: Annotated[str | None, typer.Option("--id", help="this entity's neighbourhood")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=3)] = 1,
    types: Annotated[list[NodeType] | None, typer.Option("--types", help="node types")] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="events from YYYY[-MM[-DD]] (paths: the first entity's id)"),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="events to YYYY[-MM[-DD]] (paths: the last entity's id)"),
    ] = None,
    country: Annotated[str | None, typer.Option("--country")] = None,
    min_weight: Annotated[
        int, typer.Option("--min-weight", min=0, help="coorg: least shared events")
    ] = 1,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=6, help="paths")] = 4,
    k: Annotated[int, typer.Option("--k", min=1, max=10, help="paths: how many")] = 3,
) -> None:
    """Export a view (the graph, a neighbourhood, the co-organization network or paths) as
    GEXF 1.3, GraphML, Gephi CSV or JSON."""
    settings = get_settings()
    chosen = view or (exports.ExportView.neighborhood if id else exports.ExportView.all)
    if chosen is exports.ExportView.paths:
        if not start or not end:
            raise fail("--view paths needs --from and --to: two entity ids")
        q = exports.ExportQuery(view=chosen, source=start, target=end, max_hops=max_hops, k=k)
    else:
        if chosen is exports.ExportView.neighborhood and not id:
            raise fail("--view neighborhood needs --id")
        for flag, value in (("--from", start), ("--to", end)):
            if value is not None and not re.fullmatch(exports.DATE, value):
                raise fail(f"{flag} {value!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD")
        q = exports.ExportQuery(
            view=chosen,
            entity_id=id,
            depth=depth,
            types=tuple(t.value for t in types) if types else DEFAULT_TYPES,
            start=full_date(start),
            end=full_date(end, last=True),
            country=country,
            min_weight=min_weight,
        )

    async def run() -> tuple[int, int, bytes]:
        store = connect(settings)
        try:
            sub = await exports.select(store, q)
            return len(sub.nodes), len(sub.edges), exports.render(format.value, sub)
        finally:
            await store.close()

    try:
        with using_database(settings):
            n, e, data = asyncio.run(run())
    except (StoreError, CtgraphError) as exc:
        raise fail(str(exc)) from exc
    out.write_bytes(data)
    console.print(f"wrote {out} ({format.value}, {chosen.value}: {n:,} nodes, {e:,} edges)")


def register(app: typer.Typer) -> None:
    """Add the export command to the `ctgraph` command."""
    app.command("export")(export)
