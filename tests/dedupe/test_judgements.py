"""Judgements on both databases: kept with the graph, undone, "same" transitive, "different"
keeping a pair out of the candidates and out of the loader's name matching, dumped and loaded
again after a rebuild without change."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from ctgraph.cli import app
from ctgraph.curation.judgements import JudgementError, judged, load_dump, record, undo
from ctgraph.graph.dedupe import CandidateIndex
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.settings import Settings
from ctgraph.store import GraphStore
from tests.dedupe.conftest import COMMISSION, RENAMES
from tests.loaders.helpers import write_folder
from tests.neo4j_fixtures import point_cli_at


async def _cli(command: typer.Typer, args: list[str], input: str | None = None) -> Result:
    """The command in a thread of its own (it runs its own event loop)."""
    return await asyncio.to_thread(CliRunner().invoke, command, args, input=input)


IATC, INTERAGENCY = "org:uz-iatc", "org:uz-interagency-commission"
REPUBLICAN = "org:uz-republican-commission"


async def test_same_is_transitive_and_an_undo_goes_back(renamed_store: GraphStore) -> None:
    one = await record(renamed_store, IATC, COMMISSION, "same", by="ana", note="renamed 2017")
    assert one["a"] == IATC and one["b"] == COMMISSION  # one order, smaller id first
    assert one["by"] == "ana" and one["note"] == "renamed 2017" and one["at"]
    await record(renamed_store, INTERAGENCY, IATC, "same")
    state = await judged(renamed_store)
    assert state.decision(INTERAGENCY, COMMISSION) == "same"  # through IATC
    assert state.groups() == [sorted([COMMISSION, IATC, INTERAGENCY])]
    # Settled pairs are not proposed again, the transitive one neither.
    cands = (await CandidateIndex.from_store(renamed_store)).candidates(judged=state)
    keys = {c.key for c in cands}
    assert (COMMISSION, IATC) not in keys and (COMMISSION, INTERAGENCY) not in keys
    # A change of mind is one more entry; its undo goes back to "same".
    changed = await record(renamed_store, COMMISSION, IATC, "different")
    assert (await judged(renamed_store)).decision(COMMISSION, IATC) == "different"
    await undo(renamed_store, int(changed["seq"]))
    assert (await judged(renamed_store)).decision(COMMISSION, IATC) == "same"
    with pytest.raises(JudgementError, match="already undone"):
        await undo(renamed_store, int(changed["seq"]))
    log = await renamed_store.judgements_log()
    assert [j["decision"] for j in log] == ["same", "same", "different", "undone"]
    # Judgements are not part of the network.
    assert "Judgement" not in (await renamed_store.stats())["nodes"]


async def test_bad_judgements_say_why(renamed_store: GraphStore) -> None:
    with pytest.raises(JudgementError, match="names no record"):
        await record(renamed_store, COMMISSION, "org:nowhere", "same")
    with pytest.raises(JudgementError, match="not one record"):
        await record(renamed_store, COMMISSION, "person:ulugbek-gainazarov", "same")
    with pytest.raises(JudgementError, match="decision 'maybe'"):
        await record(renamed_store, COMMISSION, IATC, "maybe")
    with pytest.raises(JudgementError, match="control character"):
        await record(renamed_store, COMMISSION, IATC, "same", note="a\x00b")
    assert await renamed_store.judgements_log() == []


async def test_different_keeps_the_loaders_name_matching_apart(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    """A batch names a new record by the commission's alias: the loader joins it by name. A
    rebuild with the judgement "different" loaded first keeps it a record of its own."""
    batch = write_folder(
        tmp_path / "batch",
        {
            "organizations.csv": "id,name,kind,country,sourceIds\n"
            "org:uz-anti-trafficking-commission,National Anti-trafficking Commission,"
            "government,uz,source:osce-2019-11-26\n"
        },
    )
    report = await load_paths(sample_store, [batch], LoadOptions())
    assert [m.matchedId for m in report.matches] == [COMMISSION]
    # It is another body: rebuild with the judgement loaded before the batch (a judgement
    # names ids; a dump may name records the graph does not hold yet).
    await sample_store.clear()
    await sample_store.ensure_schema()
    from tests.conftest import SAMPLE

    await load_paths(sample_store, [SAMPLE], LoadOptions())
    dump = tmp_path / "judgements.jsonl"
    line = {"a": COMMISSION, "b": "org:uz-anti-trafficking-commission", "decision": "different",
            "by": "ana", "at": "2026-11-30T10:00:00+00:00"}  # fmt: skip
    dump.write_text(json.dumps(line) + "\n")
    assert (await load_dump(sample_store, dump))["added"] == 1
    report = await load_paths(sample_store, [batch], LoadOptions())
    assert report.matches == []
    assert [(m.inputName, m.matchedId) for m in report.keptApart] == [
        ("National Anti-trafficking Commission", COMMISSION)
    ]
    assert await sample_store.resolve_id("org:uz-anti-trafficking-commission") == (
        "org:uz-anti-trafficking-commission"
    )


async def test_the_load_report_lists_new_records_likely_duplicates(
    sample_store: GraphStore,
) -> None:
    report = await load_paths(sample_store, [RENAMES], LoadOptions())
    by_id = {r.id: r for r in report.candidates}
    assert COMMISSION in [c.id for c in by_id[REPUBLICAN].candidates]
    assert by_id["person:ulugbek-gaynazarov"].candidates[0].id == "person:ulugbek-gainazarov"
    assert all(c.score >= 0.5 and c.why for r in report.candidates for c in r.candidates)
    # Nothing was joined: the records stay apart until someone judges them.
    assert await sample_store.resolve_id(REPUBLICAN) == REPUBLICAN


async def test_dump_and_load_survive_a_rebuild(
    renamed_store: GraphStore,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    await record(renamed_store, IATC, COMMISSION, "same", note="the same body")
    bad = await record(renamed_store, REPUBLICAN, COMMISSION, "different")
    await undo(renamed_store, int(bad["seq"]))
    await record(renamed_store, "org:uz-nhrc", COMMISSION, "different")
    point_cli_at(renamed_store, settings, monkeypatch, request)
    out = tmp_path / "judgements.jsonl"
    res = await _cli(app, ["dedupe", "dump", str(out)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [j["decision"] for j in lines] == ["same", "different", "undone", "different"]
    before = await renamed_store.judgements_log()
    # Rebuild: the graph emptied and loaded again, then the judgements.
    await renamed_store.clear()
    await renamed_store.ensure_schema()
    from tests.conftest import SAMPLE

    await load_paths(renamed_store, [SAMPLE], LoadOptions())
    await load_paths(renamed_store, [RENAMES], LoadOptions())
    assert await renamed_store.judgements_log() == []
    res = await _cli(app, ["dedupe", "load", str(out)])
    assert res.exit_code == 0, res.output
    assert "4 read, 4 added" in res.output
    assert await renamed_store.judgements_log() == before
    # Loading it again changes nothing.
    assert await load_dump(renamed_store, out) == {"read": 4, "added": 0, "already": 4}
    state = await judged(renamed_store)
    assert state.decision(IATC, COMMISSION) == "same"
    assert state.decision(REPUBLICAN, COMMISSION) is None
    # A damaged dump names the line and field, and adds nothing.
    broken = tmp_path / "broken.jsonl"
    broken.write_text(out.read_text() + '{"a": "org:x", "b": "org:y", "decision": "perhaps", '
                      '"at": "2026-01-01"}\n')  # fmt: skip
    with pytest.raises(JudgementError, match=r"broken.jsonl:5: field 'decision'"):
        await load_dump(renamed_store, broken)
    res = await _cli(app, ["dedupe", "load", str(broken)])
    assert res.exit_code == 1 and "broken.jsonl:5" in res.output


async def test_the_cli_reviews_and_applies(
    renamed_store: GraphStore,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    point_cli_at(renamed_store, settings, monkeypatch, request)
    res = await _cli(app, ["dedupe", "candidates", "--type", "Organization", "--json"])
    assert res.exit_code == 0, res.output
    first = json.loads(res.output.splitlines()[0])
    assert first["features"] and first["score"] > 0.9
    # x on the first pair, n on the second, then quit.
    res = await _cli(app, ["dedupe", "review", "--type", "Organization"], input="x\nn\nq\n")
    assert res.exit_code == 0, res.output
    assert "2 decision(s) recorded" in res.output
    log = await renamed_store.judgements_log()
    assert [j["decision"] for j in log] == ["same", "different"]
    assert {log[0]["a"], log[0]["b"]} == {first["a"]["id"], first["b"]["id"]}
    res = await _cli(app, ["dedupe", "apply", "--dry-run"])
    assert res.exit_code == 0 and "1 merge(s) (dry run" in res.output, res.output
    res = await _cli(app, ["dedupe", "apply"])
    assert res.exit_code == 0 and "1 merge(s)" in res.output, res.output
    ids = [first["a"]["id"], first["b"]["id"]]
    dropped = [i for i in ids if await renamed_store.resolve_id(i) != i]
    assert len(dropped) == 1
    res = await _cli(app, ["dedupe", "unmerge", dropped[0]])
    assert res.exit_code == 0 and "a record of its own again" in res.output, res.output
    assert await renamed_store.resolve_id(dropped[0]) == dropped[0]
    # The unmerge undid the "same" that made the merge: `apply` merges nothing now.
    assert (await judged(renamed_store)).decision(*ids) is None
    res = await _cli(app, ["dedupe", "apply", "--dry-run"])
    assert res.exit_code == 0 and "0 merge(s)" in res.output, res.output
    res = await _cli(app, ["dedupe", "judgements"])
    assert res.exit_code == 0 and "same" in res.output and "different" in res.output, res.output
    res = await _cli(app, ["dedupe", "undo", "2"])
    assert res.exit_code == 0 and "judgement 2 undone" in res.output, res.output
    assert [j["decision"] for j in await renamed_store.judgements_log()][-1] == "undone"
    res = await _cli(app, ["dedupe", "undo", "2"])
    assert res.exit_code == 1 and "already undone" in res.output, res.output
