"""`ctgraph load`, `ctgraph merge` and `ctgraph retract`."""

from __future__ import annotations

import asyncio
import errno
import os
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ctgraph.cli.console import console, err, fail, on_store, on_terminal, plain, using_database
from ctgraph.curation.history import Recorder
from ctgraph.curation.merge import MergeError, merge_entities
from ctgraph.loaders.load import load_paths
from ctgraph.loaders.models import (
    LoadError,
    LoadFailed,
    LoadOptions,
    LoadReport,
    RetractionRecord,
)
from ctgraph.loaders.read import scan_folder
from ctgraph.loaders.retract import RetractError, retract_one
from ctgraph.loaders.sample import SAMPLE_DIR
from ctgraph.settings import get_settings
from ctgraph.store import StoreError, connect

SHOWN_ERRORS = 50


class RateColumn(ProgressColumn):
    """Rows per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "- rows/s", style="progress.data.speed")


def _summary(report: LoadReport) -> None:
    verb = "would be " if report.dry_run else ""
    table = Table(title=f"load summary ({verb}written; {report.seconds:.2f} s)")
    table.add_column("type")
    cols = ["created", "updated", "unchanged", "matched", "rejected"]
    if any(c.retracted for c in report.counts.values()):
        cols.append("retracted")
    for col in cols:
        table.add_column(col, justify="right")
    for kind, c in report.counts.items():
        table.add_row(kind, *(f"{getattr(c, col):,}" for col in cols))
    console.print(table)
    if report.matches:
        matches = Table(title=f"{len(report.matches)} record(s) resolved by name")
        for col in ("file:line", "type", "input id", "input name", "matched id", "matched name"):
            matches.add_column(col)
        for m in report.matches:
            matches.add_row(
                f"{m.file}:{m.line}", m.type, m.inputId, m.inputName, m.matchedId, m.matchedName
            )
        console.print(matches)
    if report.keptApart:
        apart = Table(title=f"{len(report.keptApart)} name match(es) not made: judged different")
        for col in ("file:line", "input name", "kept apart from"):
            apart.add_column(col)
        for m in report.keptApart:
            apart.add_row(
                escape(f"{m.file}:{m.line}"),
                escape(m.inputName),
                escape(f"{m.matchedName} ({m.matchedId})"),
            )
        console.print(apart)
    if report.candidates:
        title = f"{len(report.candidates)} new record(s) with likely duplicates (not joined)"
        cands = Table(title=title, caption="review them: ctgraph dedupe review")
        for col in ("new record", "may be", "score", "why"):
            cands.add_column(col, justify="right" if col == "score" else "left")
        for new in report.candidates:
            for i, cand in enumerate(new.candidates):
                first = f"{escape(new.name)}\n[dim]{escape(new.id)}[/]" if i == 0 else ""
                cands.add_row(
                    first,
                    f"{escape(cand.name)}\n[dim]{escape(cand.id)}[/]",
                    f"{cand.score:.2f}",
                    escape(cand.why),
                )
        console.print(cands)
    if report.candidatesNote:
        console.print(report.candidatesNote, highlight=False, markup=False)


def where_line(e: LoadError) -> str:
    """One error or warning on one line, `file:line: field: what is wrong` (LoadError's own
    form), as compilers write them: grep-able, and never wrapped in the middle of a name."""
    return str(e).replace("\r", " ").replace("\n", " ")


def _plain_list(title: str, found: list[LoadError], total: int) -> None:
    """A title, then one line per item (the first SHOWN_ERRORS), for a pipe or a log."""
    plain(err, title)
    for e in found[:SHOWN_ERRORS]:
        plain(err, where_line(e))
    if total > SHOWN_ERRORS:
        plain(err, f"… and {total - SHOWN_ERRORS:,} more")


def _warnings(found: list[LoadError]) -> None:
    if not found:
        return
    if not on_terminal(err):
        _plain_list(f"{len(found)} warning(s):", found, len(found))
        return
    table = Table(title=f"{len(found)} warning(s)", title_style="bold yellow")
    for col in ("file", "why"):
        table.add_column(col, overflow="fold")
    for w in found[:SHOWN_ERRORS]:
        table.add_row(w.file, w.message)
    err.print(table)
    if len(found) > SHOWN_ERRORS:
        err.print(f"… and {len(found) - SHOWN_ERRORS:,} more", highlight=False)


def folder_warnings(paths: list[Path]) -> list[LoadError]:
    """What the folders among `paths` hold that a load does not read (see `scan_folder`)."""
    found: list[LoadError] = []
    for path in paths:
        if path.is_dir():
            try:
                found.extend(scan_folder(path)[1])
            except OSError:
                continue  # the load itself says that the folder cannot be read
    return found


_NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR)


def _writable(path: Path) -> bool:
    """Whether a file can be written at `path` (made, or written over)."""
    if path.exists():
        return os.access(path, os.W_OK)
    parent = path.parent if str(path.parent) else Path(".")
    return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)


def _not_writable(exc: OSError, home: Path, reject_file: Path | None) -> typer.Exit:
    """The one-line message for a folder or file the load cannot write."""
    name = Path(str(exc.filename)) if exc.filename else None
    if reject_file is not None and name is not None and name.resolve() == reject_file.resolve():
        return fail(
            f"cannot write the reject file {reject_file}: {exc.strerror}; choose another with "
            "--reject-file (nothing was written)"
        )
    if name is None or name.resolve().is_relative_to(home.resolve()):
        return fail(f"cannot write to {home}: choose a writable folder with CTGRAPH_HOME")
    return fail(f"cannot write {name}: {exc.strerror}")


def _errors(report: LoadReport) -> None:
    """Every error (the first SHOWN_ERRORS): a table on a terminal, else one line each."""
    if not on_terminal(err):
        title = f"{report.error_count} error(s) in the input:"
        _plain_list(title, report.errors, report.error_count)
        return
    table = Table(title=f"{report.error_count} error(s) in the input", title_style="bold red")
    for col in ("file", "line", "field", "what is wrong"):
        table.add_column(col, overflow="fold")
    for e in report.errors[:SHOWN_ERRORS]:
        table.add_row(e.file, str(e.line or ""), e.field or "", e.message)
    err.print(table)
    if report.error_count > SHOWN_ERRORS:
        err.print(f"… and {report.error_count - SHOWN_ERRORS:,} more", highlight=False)


def load(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="CSV folders and CSV/JSON/JSONL files")
    ] = None,
    sample: Annotated[
        bool, typer.Option("--sample", help="load the sample data bundled with ctgraph")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate and report only")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="write the valid records, reject the others")
    ] = False,
    source: Annotated[
        str | None, typer.Option("--source", help="source id for records that cite none")
    ] = None,
    reject_file: Annotated[
        Path | None, typer.Option("--reject-file", help="where rejected records go (CSV)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    candidates: Annotated[
        bool,
        typer.Option(
            "--candidates/--no-candidates",
            help="list likely duplicates of the new records (reads the whole graph once)",
        ),
    ] = True,
) -> None:
    """Load files into the graph: validate everything, resolve names, write in batches."""
    settings = get_settings()
    paths = [*(paths or []), *([SAMPLE_DIR] if sample else [])]
    if not paths:
        raise fail("nothing to load: name CSV folders or files, or give --sample")
    if skip_invalid and reject_file is None:
        reject_file = Path("rejects.csv")
    if reject_file is not None and not _writable(reject_file):
        raise fail(
            f"cannot write the reject file {reject_file}: choose a writable place with "
            "--reject-file"
        )
    warnings = folder_warnings(paths)
    options = LoadOptions(
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        source=source,
        batch_size=settings.batch_size,
        reject_file=reject_file,
        candidates=candidates,
    )

    async def run(progress: Progress | None) -> LoadReport:
        store = connect(settings)
        try:
            await store.ensure_schema()
            return await load_paths(store, paths, options, progress)
        finally:
            await store.close()

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
    )
    try:
        with using_database(settings):
            if as_json:
                report = asyncio.run(run(None))
            else:
                with Progress(*columns, console=err, transient=False) as progress:
                    report = asyncio.run(run(progress))
    except LoadFailed as exc:
        exc.report.warnings = exc.report.warnings or warnings
        if as_json:
            console.print_json(exc.report.model_dump_json())
        else:
            _warnings(exc.report.warnings)
            _errors(exc.report)
            err.print("[bold red]nothing was written[/]; fix the input and load again")
        raise typer.Exit(1) from exc
    except StoreError as exc:
        raise fail(str(exc)) from exc
    except OSError as exc:
        if exc.errno not in _NOT_WRITABLE:
            raise
        raise _not_writable(exc, settings.home, reject_file) from exc
    report.warnings = report.warnings or warnings
    if as_json:
        console.print_json(report.model_dump_json())
    else:
        _warnings(report.warnings)
        _summary(report)
        if report.error_count:
            _errors(report)
            err.print(f"rejected records with their reasons: {report.reject_file}")
    if report.error_count:
        raise typer.Exit(1)


def merge(
    keep: Annotated[str, typer.Argument(help="id of the record that stays")],
    drop: Annotated[str, typer.Argument(help="id of the record merged into KEEP")],
) -> None:
    """Join two records that are one: DROP's links, aliases and sources move to KEEP, and
    DROP's id goes on resolving to KEEP."""
    settings = get_settings()

    moved = on_store(
        settings, lambda store: merge_entities(store, keep, drop), errors=(MergeError,)
    )
    console.print(
        f"merged {drop} into {keep}: {moved['relationships']} relationship(s) moved; "
        f"{drop} now resolves to {keep}",
        highlight=False,
    )


def retract(
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="an entity id, or a relationship id: start|TYPE|end[|position]"
        ),
    ],
    reason: Annotated[
        str, typer.Option("--reason", help="why it is withdrawn (kept in its history)")
    ],
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="a source that says it is wrong (repeat for more)"),
    ] = None,
) -> None:
    """Withdraw a record or one fact: it leaves every view and export, and stays in its history
    (GET /api/entities/ID/history) with the reason and sources. An entity goes with its
    relationships; retracting what was retracted before changes nothing."""
    settings = get_settings()
    try:
        rec = RetractionRecord.model_validate(
            {"id": record_id, "reason": reason, "sourceIds": source or []}
        )
    except ValidationError as exc:
        messages = [str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()]
        raise fail("; ".join(messages)) from exc

    target = on_store(
        settings, lambda store: retract_one(store, rec, Recorder()), errors=(RetractError,)
    )
    what = target.describe()
    named = f" (named {target.asked})" if target.asked else ""
    if target.status == "unchanged":
        console.print(f"{what}{named} was retracted before: nothing changed", highlight=False)
        return
    gone = "with its relationships " if target.is_entity else ""
    console.print(
        f"retracted {what}{named}: it is gone {gone}from the graph and stays in its history",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add the loader commands to the `ctgraph` command."""
    app.command("load")(load)
    app.command("merge")(merge)
    app.command("retract")(retract)
