"""`ctgraph dedupe candidates` and `review` leave out the pairs scored below the threshold, as
the API and the review page do: the same setting (CTGRAPH_REVIEW_MIN_SCORE, 0.1), the same
option (`--min-score`), and the same word when nothing above it is left; `unmerge --dry-run`
says what would come back, as the page's preview does."""

from __future__ import annotations

import asyncio
import json

import pytest
import typer
from typer.testing import CliRunner, Result

from ctgraph.cli import app
from ctgraph.curation.merge import merge_entities
from ctgraph.settings import Settings
from ctgraph.store import GraphStore
from tests.dedupe.conftest import COMMISSION
from tests.neo4j_fixtures import point_cli_at


async def _cli(command: typer.Typer, args: list[str], input: str | None = None) -> Result:
    """The command in a thread of its own (it runs its own event loop)."""
    return await asyncio.to_thread(CliRunner().invoke, command, args, input=input)


def _flat(res: Result) -> str:
    return " ".join(res.output.split())


async def test_on_the_sample_nothing_is_above_the_threshold(
    sample_store: GraphStore,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """The sample's candidate pairs (33) all score near zero: nothing is offered, and the
    command says how many lie below and how to see them."""
    point_cli_at(sample_store, settings, monkeypatch, request)
    res = await _cli(
        app, ["dedupe", "candidates", "--type", "Organization", "--min-score", "0", "--json",
              "--limit", "500"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    scores = [json.loads(line)["score"] for line in res.output.splitlines()]
    assert len(scores) >= 30 and max(scores) < 0.1
    for command in ("candidates", "review"):
        res = await _cli(app, ["dedupe", command, "--type", "Organization"], input="q\n")
        assert res.exit_code == 0, res.output
        assert "nothing left above the threshold (0.10)" in _flat(res)
        assert f"{len(scores)} pair(s) score below it (--min-score 0 shows them)" in _flat(res)
    # The setting moves the default.
    monkeypatch.setenv("CTGRAPH_REVIEW_MIN_SCORE", "0")
    from ctgraph.settings import get_settings

    get_settings.cache_clear()
    res = await _cli(
        app, ["dedupe", "candidates", "--type", "Organization", "--json", "--limit", "500"]
    )
    assert res.exit_code == 0, res.output
    assert len(res.output.splitlines()) == len(scores)
    res = await _cli(app, ["dedupe", "candidates", "--min-score", "1.5"])
    assert res.exit_code == 2 and "--min-score" in res.output


async def test_review_offers_the_pairs_above_and_counts_the_others(
    renamed_store: GraphStore,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    point_cli_at(renamed_store, settings, monkeypatch, request)
    res = await _cli(app, ["dedupe", "candidates", "--type", "Organization", "--json",
                           "--limit", "500"])  # fmt: skip
    above = [json.loads(line) for line in res.output.splitlines()]
    assert above and all(p["score"] >= 0.1 for p in above)
    res = await _cli(app, ["dedupe", "candidates", "--type", "Organization", "--json",
                           "--limit", "500", "--min-score", "0"])  # fmt: skip
    every = [json.loads(line) for line in res.output.splitlines()]
    below = len(every) - len(above)
    assert below > 0 and every[: len(above)] == above
    res = await _cli(app, ["dedupe", "review", "--type", "Organization"], input="q\n")
    assert res.exit_code == 0, res.output
    assert f"pair 1 of {len(above)}" in res.output
    assert f"{below} pair(s) scored below 0.10 not shown" in _flat(res)
    assert above[0]["a"]["id"] in res.output and above[0]["b"]["id"] in res.output


async def test_unmerge_dry_run_says_what_would_come_back(
    renamed_store: GraphStore,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    drop = "org:uz-republican-commission"
    point_cli_at(renamed_store, settings, monkeypatch, request)
    done = await merge_entities(renamed_store, COMMISSION, drop)
    res = await _cli(app, ["dedupe", "unmerge", drop, "--dry-run"])
    assert res.exit_code == 0, res.output
    said = _flat(res)
    assert f"would split {drop} from {COMMISSION} (merge #{done['merge']})" in said
    assert f"{done['relationships']} relationship(s) back" in said and "nothing written" in said
    assert await renamed_store.resolve_id(drop) == COMMISSION  # nothing undone
    res = await _cli(app, ["dedupe", "unmerge", drop])
    assert res.exit_code == 0, res.output
    res = await _cli(app, ["dedupe", "unmerge", drop, "--dry-run"])
    assert res.exit_code == 1 and "cannot be undone now: no merge" in _flat(res), res.output
