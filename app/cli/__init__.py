"""The `ctgraph` command: serve, load, query counts, run the embedded database."""

from __future__ import annotations

import json
import os
import signal
from typing import Annotated

import typer
from rich.table import Table

from ctgraph import __version__
from ctgraph.cli import dedupe as dedupe_cli
from ctgraph.cli import export as export_cli
from ctgraph.cli import extract as extract_cli
from ctgraph.cli import load as loaders_cli
from ctgraph.cli.console import console, ensure_database, fail, on_store, using_database
from ctgraph.settings import Settings, get_settings
from ctgraph.store import embedded_server

HELP = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    help="ctgraph: explore the network that cooperates against human trafficking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings=HELP,
)
db_app = typer.Typer(
    help="Run the embedded database (FalkorDB in CTGRAPH_HOME).",
    no_args_is_help=True,
    context_settings=HELP,
)
app.add_typer(db_app, name="db")
_DEFAULTS = Settings.model_fields


def _version(value: bool) -> None:
    if value:
        console.print(f"ctgraph {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    """ctgraph: explore the network that cooperates against human trafficking."""


WORKER_HEALTHCHECK_S = 300


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="address to listen on", envvar="CTGRAPH_HOST", show_envvar=True)
    ] = _DEFAULTS["host"].default,
    port: Annotated[
        int, typer.Option(help="port to listen on", envvar="CTGRAPH_PORT", show_envvar=True)
    ] = _DEFAULTS["port"].default,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="server processes; one per core serves the most",
            envvar="CTGRAPH_WORKERS",
            show_envvar=True,
        ),
    ] = _DEFAULTS["workers"].default,
    sample: Annotated[
        bool,
        typer.Option(
            help="load the bundled sample data when the graph is empty",
            envvar="CTGRAPH_LOAD_SAMPLE",
            show_envvar=True,
        ),
    ] = True,
    access_log: Annotated[
        bool,
        typer.Option(
            help="log a line per request (off: at thousands of requests a second the log "
            "costs more than the answers)",
            envvar="CTGRAPH_ACCESS_LOG",
            show_envvar=True,
        ),
    ] = False,
) -> None:
    """Start the database if needed, load the sample into an empty graph, and serve the API."""
    import uvicorn

    from ctgraph.api.main import create_app

    update = {"load_sample": sample, "host": host, "port": port, "workers": workers}
    settings = get_settings().model_copy(update=update)
    if settings.neo4j.uri:
        from ctgraph.store.neo4j import uri_problem

        problem = uri_problem(settings.neo4j.uri)
        if problem:
            raise fail(problem)
    # Uvicorn shuts down on SIGTERM, then raises it again: as an exception here, so that the
    # database this command started is stopped on the way out, as on Ctrl-C.
    signal.signal(signal.SIGTERM, _terminate)
    with using_database(settings, watch=True):
        console.print(
            f"ctgraph on [bold]http://{host}:{port}[/] ({settings.backend} database"
            + (f", {workers} workers)" if workers > 1 else ")"),
            highlight=False,
        )
        if workers == 1:
            uvicorn.run(
                create_app(settings),
                host=host,
                port=port,
                log_level="info",
                access_log=access_log,
            )
            return
        if sample:
            # Loaded once here, before the workers start, so they never load it side by side.
            _load_sample(settings)
        # Each worker reads its settings from the environment.
        os.environ["CTGRAPH_LOAD_SAMPLE"] = "false"
        uvicorn.run(
            "ctgraph.api.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            access_log=access_log,
            # A worker busy with a whole-network analysis (tens of seconds at a million
            # records) must not be taken for hung and restarted mid-answer.
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
        )


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _load_sample(settings: Settings) -> None:
    from ctgraph.loaders.sample import load_sample_if_empty

    on_store(settings, lambda store: load_sample_if_empty(store, settings))


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Counts per node label and relationship type."""
    settings = get_settings()

    counts = on_store(settings, lambda store: store.stats(), schema=False)
    if as_json:
        console.print_json(json.dumps(counts))
        return
    for title, rows in (("nodes", counts["nodes"]), ("relationships", counts["relationships"])):
        table = Table(title=title)
        table.add_column("type")
        table.add_column("count", justify="right")
        for name, n in rows.items():
            table.add_row(name, f"{n:,}")
        console.print(table)


@db_app.command("start")
def db_start() -> None:
    """Start the embedded database (it keeps running until `ctgraph db stop`)."""
    settings = get_settings()
    started = ensure_database(settings)
    where = embedded_server(settings).folder
    console.print(("started" if started else "already running") + f" in {where}", highlight=False)


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded database cleanly (its append-only file is flushed); a running
    `ctgraph serve` leaves it stopped until `ctgraph db start`."""
    stopped = embedded_server(get_settings()).stop(by_hand=True)
    console.print("stopped" if stopped else "not running")


@db_app.command("repair")
def db_repair() -> None:
    """Repair a damaged append-only log (the database must be stopped): a copy of the damaged
    log is kept beside it, then the log is cut back to its last whole entry."""
    from ctgraph.store import EmbeddedStartError

    try:
        kept, report = embedded_server(get_settings()).repair()
    except EmbeddedStartError as exc:
        raise fail(str(exc)) from exc
    console.print(report, highlight=False, markup=False)
    console.print(f"repaired; the damaged log is kept in {kept}", highlight=False)


@db_app.command("status")
def db_status(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Whether the embedded database runs, where, how large, and its graphs."""
    status = embedded_server(get_settings()).status()
    if as_json:
        console.print_json(json.dumps(status.__dict__))
        return
    state = "[green]running[/]" if status.running else "[yellow]stopped[/]"
    console.print(f"{state} pid={status.pid} folder={status.folder}", highlight=False)
    console.print(f"socket={status.socket} data={status.data_bytes:,} bytes", highlight=False)
    console.print(f"graphs: {', '.join(status.graphs) or '-'}", highlight=False)


loaders_cli.register(app)
export_cli.register(app)
dedupe_cli.register(app)
extract_cli.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
