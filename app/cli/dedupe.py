"""`ctgraph dedupe`: candidate pairs, review in the terminal, apply the "same" decisions,
dump and load the judgements, preview a merge and undo one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ctgraph.cli.console import console, fail, on_store
from ctgraph.curation.judgements import (
    JudgementError,
    dump_lines,
    judged,
    load_dump,
    record,
    undo,
)
from ctgraph.curation.merge import MergeError, merge_entities, preview, unmerge, unmerge_preview
from ctgraph.graph.dedupe import TYPES, Candidate, CandidateIndex, Judged, review_order
from ctgraph.settings import get_settings
from ctgraph.store.base import GraphStore

dedupe_app = typer.Typer(
    help="Duplicates: find them, judge them, merge them, undo a merge.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
TypeOpt = Annotated[
    str | None, typer.Option("--type", "-t", help="Organization, Person or Event (default: all)")
]
OrderOpt = Annotated[
    str,
    typer.Option("--order", help="score: strongest first; uncertain: alternately the least sure"),
]
MinScoreOpt = Annotated[
    float | None,
    typer.Option(
        "--min-score",
        min=0.0,
        max=1.0,
        help="leave out pairs scored below this (default: CTGRAPH_REVIEW_MIN_SCORE, 0.1; "
        "0 shows every pair)",
    ),
]
ERRORS = (JudgementError, MergeError)


def _types(kind: str | None) -> tuple[str, ...]:
    if kind is None:
        return TYPES
    if kind not in TYPES:
        raise typer.BadParameter(f"{kind!r}: one of {', '.join(TYPES)}", param_hint="--type")
    return (kind,)


def _threshold(min_score: float | None) -> float:
    return get_settings().review_min_score if min_score is None else min_score


async def _pairs(
    store: GraphStore, types: tuple[str, ...], order: str, min_score: float
) -> tuple[list[Candidate], int, Judged]:
    """The pairs not judged yet and scored `min_score` or more, in the order asked, how many
    others score less, and the judgements."""
    state = await judged(store)
    index = await CandidateIndex.from_store(store)
    every = index.candidates(types=types, judged=state)
    cands = [c for c in every if c.score >= min_score]
    return review_order(cands, order), len(every) - len(cands), state


def _below(below: int, min_score: float) -> None:
    """Says how many pairs the threshold left out, and how to see them."""
    if below:
        console.print(
            f"{below} pair(s) scored below {min_score:.2f} not shown (--min-score 0 shows them)",
            highlight=False,
            markup=False,
        )


def _none_left(below: int, min_score: float) -> None:
    if below:
        console.print(
            f"nothing left above the threshold ({min_score:.2f}): nothing left is worth a look; "
            f"{below} pair(s) score below it (--min-score 0 shows them)",
            highlight=False,
            markup=False,
        )
    else:
        console.print("no candidates left to review")


def _explain(c: Candidate) -> str:
    return "; ".join(f"{f.feature} {f.effect:+.1f}" for f in c.features)


@dedupe_app.command("candidates")
def candidates(
    kind: TypeOpt = None,
    order: OrderOpt = "score",
    min_score: MinScoreOpt = None,
    limit: Annotated[int, typer.Option(help="how many pairs")] = 20,
    explain: Annotated[bool, typer.Option(help="every feature's part, with what it saw")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON Lines")] = False,
) -> None:
    """Candidate pairs not judged yet, strongest first, each with why (those scored below the
    threshold left out, and counted)."""
    from ctgraph.graph.dedupe import pair_view

    types = _types(kind)
    threshold = _threshold(min_score)
    cands, below, _ = on_store(
        get_settings(), lambda s: _pairs(s, types, order, threshold), errors=ERRORS
    )
    cands = cands[:limit]
    if as_json:
        for c in cands:
            sys.stdout.write(json.dumps(pair_view(c), ensure_ascii=False) + "\n")
        return
    if not cands:
        _none_left(below, threshold)
        return
    table = Table(title=f"candidates ({len(cands)} shown)")
    for col in ("score", "a", "b", "why"):
        table.add_column(col, justify="right" if col == "score" else "left")
    for c in cands:
        table.add_row(
            f"{c.score:.2f}",
            f"{escape(c.a.name)}\n[dim]{escape(c.a.id)}[/]",
            f"{escape(c.b.name)}\n[dim]{escape(c.b.id)}[/]",
            escape(_explain(c)),
        )
        if explain:
            for f in c.features:
                table.add_row("", "", "", f"[dim]{f.effect:+.2f} {escape(f.value)}[/]")
    console.print(table)
    _below(below, threshold)


def _show(c: Candidate, n: int, total: int) -> None:
    console.rule(f"pair {n} of {total}: score {c.score:.2f}")
    for side in (c.a, c.b):
        console.print(f"[bold]{escape(side.name)}[/] [dim]{escape(side.id)}[/]", highlight=False)
        facts = [
            f"aliases: {', '.join(side.aliases)}" if side.aliases else "",
            f"country {side.country}" if side.country else "",
            f"kind {side.kind}" if side.kind else "",
            f"part of {side.parent}" if side.parent else "",
            f"seen {side.period()}" if side.first else "",
        ]
        console.print("  " + escape(" · ".join(f for f in facts if f)), highlight=False)
    for f in c.features:
        console.print(f"  {f.effect:+.2f} {escape(f.feature)}: {escape(f.value)}", highlight=False)


@dedupe_app.command("review")
def review(
    kind: TypeOpt = None,
    order: OrderOpt = "score",
    min_score: MinScoreOpt = None,
    by: Annotated[str, typer.Option(help="who judges (kept with each decision)")] = "admin",
) -> None:
    """Review candidate pairs in the terminal: x same, n different, u unsure, s skip, q quit
    (those scored below the threshold are left out)."""
    types = _types(kind)
    settings = get_settings()
    threshold = _threshold(min_score)
    cands, below, _ = on_store(
        settings, lambda s: _pairs(s, types, order, threshold), errors=ERRORS
    )
    if not cands:
        _none_left(below, threshold)
        return
    _below(below, threshold)
    decisions = {"x": "same", "n": "different", "u": "unsure"}
    done: list[tuple[str, str, str]] = []
    for n, c in enumerate(cands, 1):
        _show(c, n, len(cands))
        while True:
            key = typer.prompt("x same / n different / u unsure / s skip / q quit", default="s")
            key = key.strip().lower()[:1]
            if key in (*decisions, "s", "q"):
                break
        if key == "q":
            break
        if key == "s":
            continue
        a, b, decision = c.a.id, c.b.id, decisions[key]
        on_store(
            settings,
            lambda s, a=a, b=b, decision=decision: record(s, a, b, decision, by=by),  # type: ignore[misc]
            errors=ERRORS,
        )
        done.append((a, b, decision))
        console.print(f"recorded: {decision}", highlight=False)
    console.print(
        f"{len(done)} decision(s) recorded; merge the same ones with `ctgraph dedupe apply`"
    )


def _keep_of(group: list[str], index: CandidateIndex) -> str:
    """The record a group is merged into: the one with most links, then the smallest id."""
    return min(group, key=lambda i: (-index.degree(i) - len(index.records[i].sources), i))


@dedupe_app.command("apply")
def apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="say what would be merged")] = False,
    by: Annotated[str, typer.Option(help="who merges (kept with each merge)")] = "admin",
) -> None:
    """Merge every group the "same" judgements make (one is transitive), each into its most
    linked record; each merge is one unit of work, undone with `ctgraph dedupe unmerge`."""

    async def work(store: GraphStore) -> list[dict[str, Any]]:
        state = await judged(store)
        index = await CandidateIndex.from_store(store)
        out: list[dict[str, Any]] = []
        for group in state.groups():
            live = [i for i in group if i in index.records]
            if len(live) < 2:
                continue
            keep = _keep_of(live, index)
            for drop in sorted(set(live) - {keep}):
                if dry_run:
                    p = await preview(store, keep, drop)
                    out.append({"keep": keep, "drop": drop, "relationships": p["relationships"]})
                else:
                    done = await merge_entities(store, keep, drop, by=by)
                    out.append({"keep": keep, "drop": drop, **done})
        return out

    merges = on_store(get_settings(), work, errors=ERRORS)
    verb = "would merge" if dry_run else "merged"
    for m in merges:
        console.print(
            f"{verb} {m['drop']} into {m['keep']} ({m['relationships']} relationship(s))",
            highlight=False,
            markup=False,
        )
    console.print(f"{len(merges)} merge(s)" + (" (dry run: nothing written)" if dry_run else ""))


@dedupe_app.command("dump")
def dump(
    out: Annotated[
        Path | None, typer.Argument(help="file to write (default: standard output)")
    ] = None,
) -> None:
    """Write every judgement, oldest first, as JSON Lines (`ctgraph dedupe load` reads it)."""

    async def work(store: GraphStore) -> list[str]:
        return list(dump_lines(await store.judgements_log()))

    lines = on_store(get_settings(), work)
    text = "".join(line + "\n" for line in lines)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"{len(lines)} judgement(s) written to {out}", highlight=False, markup=False)


@dedupe_app.command("load")
def load(
    path: Annotated[
        Path, typer.Argument(help="a file `ctgraph dedupe dump` wrote", exists=True, dir_okay=False)
    ],
) -> None:
    """Add a dump's judgements that the graph does not hold yet (all of them or none)."""
    counts = on_store(get_settings(), lambda s: load_dump(s, path), errors=ERRORS)
    console.print(
        f"{counts['read']} read, {counts['added']} added, {counts['already']} already held",
        highlight=False,
    )


@dedupe_app.command("judgements")
def judgements(
    limit: Annotated[int, typer.Option(help="how many, newest first")] = 50,
) -> None:
    """The decisions made, newest first, with their numbers (for `undo`)."""

    async def work(store: GraphStore) -> list[dict[str, Any]]:
        return (await store.judgements_log())[::-1][:limit]

    log = on_store(get_settings(), work)
    table = Table(title=f"judgements (newest {len(log)})")
    for col in ("#", "decision", "a", "b", "by", "at", "note"):
        table.add_column(col)
    for j in log:
        decision = j["decision"] + (f" #{j['undoes']}" if j.get("undoes") else "")
        cells = [str(j["seq"]), decision, j["a"], j["b"], j.get("by") or "", j["at"]]
        cells.append(j.get("note") or "")
        table.add_row(*map(escape, cells))
    console.print(table)


@dedupe_app.command("undo")
def undo_cmd(
    seq: Annotated[
        int, typer.Argument(help="the number of the decision (`judgements` lists them)")
    ],
    by: Annotated[str, typer.Option(help="who undoes it")] = "admin",
) -> None:
    """Undo one decision: its pair goes back to what was decided before it."""
    j = on_store(get_settings(), lambda s: undo(s, seq, by=by), errors=ERRORS)
    console.print(f"judgement {seq} undone (entry {j['seq']})", highlight=False)


@dedupe_app.command("preview")
def preview_cmd(
    keep: Annotated[str, typer.Argument(help="id of the record kept")],
    drop: Annotated[str, typer.Argument(help="id of the record merged into KEEP")],
) -> None:
    """What merging DROP into KEEP would move and which values conflict (nothing written)."""
    p = on_store(get_settings(), lambda s: preview(s, keep, drop), errors=ERRORS)
    console.print_json(json.dumps(p, ensure_ascii=False))


@dedupe_app.command("unmerge")
def unmerge_cmd(
    drop: Annotated[str, typer.Argument(help="id of a record merged into another")],
    by: Annotated[str, typer.Option(help="who undoes it")] = "admin",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="say what would come back (nothing written)")
    ] = False,
) -> None:
    """Undo the latest merge of DROP: it comes back with its relationships as they were."""
    if dry_run:
        p = on_store(get_settings(), lambda s: unmerge_preview(s, drop), errors=ERRORS)
        if p.get("refused"):
            raise fail(f"the merge of {drop} cannot be undone now: {p['refused']}")
        moves = ", ".join(f"{n} {t}" for t, n in (p.get("moves") or {}).items()) or "none"
        console.print(
            f"would split {drop} from {p['keep']['id']} (merge #{p['merge']}): "
            f"{p['relationships']} relationship(s) back ({moves}); nothing written",
            highlight=False,
            markup=False,
        )
        return
    done = on_store(get_settings(), lambda s: unmerge(s, drop, by=by), errors=ERRORS)
    console.print(
        f"{done['drop']} is a record of its own again (split from {done['keep']}; "
        f"{done['relationships']} relationship(s) restored)",
        highlight=False,
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(dedupe_app, name="dedupe")
