"""`ctgraph extract`: propose the facts of news items (the event, its organizers and speakers),
read against the names the graph holds. Nothing is written: review the records, then load them."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ctgraph.cli.console import console, fail, on_store
from ctgraph.extract import ItemMeta, Proposer, known_actors
from ctgraph.extract.review import AGAIN, REVIEWED, with_review
from ctgraph.settings import get_settings
from ctgraph.store.base import GraphStore

ITEM_SUFFIXES = (".txt", ".text", ".html", ".htm", ".md")
MAX_ITEM_BYTES = 2_000_000


def _items(paths: list[Path]) -> list[tuple[str, str]]:
    """(name, text) of every item: files, the items of folders, `-` for standard input."""
    out: list[tuple[str, str]] = []
    for path in paths:
        if str(path) == "-":
            out.append(("<stdin>", sys.stdin.read()))
            continue
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in ITEM_SUFFIXES)
            if not files:
                raise fail(
                    f"{path}: no items in this folder (files ending in {', '.join(ITEM_SUFFIXES)})"
                )
        elif path.is_file():
            files = [path]
        else:
            raise fail(f"{path}: no such file or folder")
        for f in files:
            if f.stat().st_size > MAX_ITEM_BYTES:
                raise fail(
                    f"{f}: {f.stat().st_size:,} bytes; an item is at most {MAX_ITEM_BYTES:,} bytes"
                )
            try:
                out.append((str(f), f.read_text(encoding="utf-8-sig")))
            except UnicodeDecodeError as exc:
                raise fail(f"{f}: not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc
    return out


def extract(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="news items: text or HTML files, folders of them, or - for stdin"),
    ] = None,
    text: Annotated[str | None, typer.Option("--text", help="the item's text itself")] = None,
    title: Annotated[str | None, typer.Option("--title", help="the item's title")] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help="who published it")] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="when it was published (YYYY-MM-DD)")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="where it was published")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the whole proposal as JSON")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="write the proposed records here, in the load format "
            "(review them, then `ctgraph load` the file)",
        ),
    ] = None,
) -> None:
    """Propose the facts of news items: the event (date with its precision, place, occasion),
    who organized it in what role, who spoke with their positions, each with the sentence that
    says so. Known names link to the graph's records. Nothing is written."""
    items = _items(paths or [])
    if text is not None:
        items.append(("--text", text))
    if not items:
        raise fail("give an item: a file, a folder, - for standard input, or --text")
    if published is not None:
        try:
            datetime.date.fromisoformat(published)
        except ValueError as exc:
            raise fail(
                f"--published {published!r} is not a date on the calendar (YYYY-MM-DD)"
            ) from exc
    settings = get_settings()

    async def work(store: GraphStore) -> list[dict[str, Any]]:
        proposer = Proposer(known_actors(await store.extract_actors()))
        proposals = []
        for name, raw in items:
            meta = ItemMeta(title=title, publisher=publisher, published=published, url=url)
            p = proposer.propose(raw, meta)
            p["item"]["file"] = name
            proposals.append(await with_review(store, p))  # reviewed before, or changed since
        return proposals

    proposals = on_store(settings, work)
    if out is not None:
        records = [r for p in proposals for r in p["records"]]
        out.write_text(json.dumps({"records": records}, ensure_ascii=False, indent=1) + "\n")
    if as_json:
        doc: Any = proposals[0] if len(proposals) == 1 else proposals
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        return
    for p in proposals:
        _show(p)
    if out is not None:
        console.print(
            f"{sum(len(p['records']) for p in proposals)} records written to "
            f"{escape(str(out))}: review them, then [bold]ctgraph load {escape(str(out))}"
            "[/]",
            highlight=False,
        )


def _show(p: dict[str, Any]) -> None:
    e = p["event"]
    d = e["date"]
    when = {
        "day": d.get("start"),
        "month": d.get("start"),
        "year": d.get("start"),
        "unknown-year": f"{d.get('monthDay')} (year not given)",
    }.get(str(d.get("precision")), "not given")
    if d.get("end"):
        when = f"{when} to {d['end']}"
    console.print(
        f"[bold]{escape(p['item'].get('file') or '')}[/]: {escape(e['kind'])} "
        f"“{escape(str(e['name']))}”",
        highlight=False,
    )
    facts = [
        ("date", when),
        ("city", e.get("city")),
        ("venue", e.get("venue")),
        ("occasion", e.get("occasion")),
        ("participants", e.get("participantsCount")),
    ]
    for k, v in facts:
        console.print(f"  {k}: {escape(str(v)) if v is not None else '-'}", highlight=False)
    review = p.get("review") or {}
    if review.get("status") == REVIEWED:
        console.print(
            f"  [green]reviewed[/] on {escape(str(review.get('reviewedAt')))} by "
            f"{escape(str(review.get('by')))}: {len(review.get('accepted') or [])} records "
            "accepted and loaded" + (f" ({escape(review['note'])})" if review.get("note") else ""),
            highlight=False,
        )
    elif review.get("status") == AGAIN:
        console.print(
            f"  [yellow]review again[/]: {escape('; '.join(review.get('why') or []))}",
            highlight=False,
        )
    if e.get("sameAs"):
        console.print(
            f"  the same event as [bold]{escape(e['sameAs'])}[/] "
            f"({escape(e.get('sameAsWhy') or '')})",
            highlight=False,
        )
    t = Table("organizer", "role", "record", "rule", title="organizers", title_justify="left")
    for o in p["organizers"]:
        t.add_row(
            escape(o["name"]),
            o["role"],
            escape(o["id"] or f"new: {o['recordId']}"),
            escape(o["rule"]),
        )
    console.print(t)
    t = Table("speaker", "position", "organization", "talk", title="speakers", title_justify="left")
    for s in p["speakers"]:
        who = " ".join(x for x in (s.get("honorific"), s["name"]) if x)
        t.add_row(
            escape(who),
            escape(s.get("position") or "-"),
            escape(s.get("organization") or "-"),
            escape(s.get("talkTitle") or "-"),
        )
    console.print(t)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
