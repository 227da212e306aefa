# ruff: noqa: E501
"""Retraction: a record or a fact withdrawn leaves the graph, its views and exports, and stays in
its history; retracting again changes nothing; what cannot be retracted is refused first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctgraph.curation.history import entity_history
from ctgraph.curation.merge import merge_entities
from ctgraph.loaders import LoadFailed, LoadOptions, load_paths
from ctgraph.loaders.models import RetractionRecord
from ctgraph.loaders.retract import RetractError, retract_one
from ctgraph.loaders.sample import SAMPLE_DIR
from ctgraph.store.base import GraphStore
from ctgraph.store.falkordb import FalkorStore
from tests.loaders.helpers import changes, dump, write_folder
from tests.loaders.test_kill import ctgraph

S = "source:osce-2019-11-26"
RT = "event:2019-11-26-tashkent-roundtable"


async def co(store: GraphStore, a: str, b: str) -> dict[str, object] | None:
    rows = await store.load_existing("co_organizations", [{"a": a, "b": b}])
    return rows[0]["props"] if rows else None


async def test_retracting_an_entity_takes_it_and_its_links_out_and_keeps_them_in_history(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    odihr = await sample_store.entity_get("org:odihr")
    assert odihr is not None
    folder = write_folder(tmp_path / "r", {
        "retractions.csv": f"id,reason,sourceIds\norg:odihr,no such office took part,{S}\n",
    })  # fmt: skip
    dry = await load_paths(sample_store, [folder], LoadOptions(dry_run=True))
    assert dry.counts["retractions"].retracted == 1 and dry.retracted == ["org:odihr"]
    assert await sample_store.entity_get("org:odihr") is not None
    report = await load_paths(sample_store, [folder])
    assert report.ok and report.retracted == ["org:odihr"]
    # Out of the live graph: record, links, exports, search.
    assert await sample_store.entity_get("org:odihr") is None
    assert await sample_store.resolve_id("org:odihr") is None
    assert all(n["props"]["id"] != "org:odihr" for n in await sample_store.export_nodes())
    assert all(
        "org:odihr" not in (e["source"], e["target"]) for e in await sample_store.export_edges()
    )
    assert not [
        r
        for r in await sample_store.search(["odihr"], ["Organization"], 10)
        if r["id"] == "org:odihr"
    ]
    assert await co(sample_store, "org:odihr", "org:osce-pcuz") is None
    # Kept in history: its whole content, each of its links (in the other end's history too).
    page = await entity_history(sample_store, "org:odihr")
    assert page is not None and not page.exists
    gone = next(e for e in page.items if e.op == "retract" and e.relationship is None)
    before = {c.property: c.before for c in gone.changes}
    assert before["name"] == odihr["props"]["name"] and before["parentId"] == "org:osce"
    assert all(c.after is None for c in gone.changes)
    assert gone.reason == "no such office took part" and gone.sourceIds == [S]
    assert gone.file == "retractions.csv" and gone.line == 2  # as given, no server path
    kinds = {(e.type, e.entityId, e.otherId) for e in page.items if e.op == "retract"}
    assert ("part_of", "org:odihr", "org:osce") in kinds
    assert ("organized", "org:odihr", RT) in kinds
    person = await entity_history(sample_store, "person:tatiana-kotlyarenko")
    assert person is not None
    aff = next(e for e in person.items if e.op == "retract")
    assert (aff.type, aff.otherId, aff.key) == (
        "affiliations",
        "org:odihr",
        "Anti-trafficking Adviser",
    )
    assert aff.reason == "org:odihr was retracted: no such office took part"
    # The same retraction again: nothing changes, nothing is added to the history.
    graph, history = await dump(sample_store), await changes(sample_store)
    again = await load_paths(sample_store, [folder])
    assert again.ok and again.counts["retractions"].unchanged == 1 and not again.retracted
    assert await dump(sample_store) == graph and await changes(sample_store) == history
    # A later load that names it is told it was retracted; the sample brings it back.
    later = write_folder(tmp_path / "later", {
        "part_of.csv": f"organizationId,parentId,sourceIds\norg:odihr,org:osce,{S}\n",
    })  # fmt: skip
    with pytest.raises(LoadFailed) as info:
        await load_paths(sample_store, [later])
    (error,) = info.value.report.errors
    assert error.field == "organizationId" and "was retracted on" in error.message
    assert "no such office took part" in error.message
    await load_paths(sample_store, [SAMPLE_DIR])
    assert await sample_store.entity_get("org:odihr") is not None
    ops = [
        e.op
        for e in (await entity_history(sample_store, "org:odihr") or page).items
        if e.relationship is None
    ]
    assert ops == ["create", "retract", "create"]


async def test_retracting_relationships_one_at_a_time(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    pair = await co(sample_store, "org:osce", "org:uz-national-commission")
    assert pair is not None and RT in pair["eventIds"]
    folder = write_folder(tmp_path / "r", {
        "retractions.csv": "id,relationship,organizationId,eventId,personId,parentId,position,reason\n"
            f",organized,org:osce,{RT},,,,the OSCE only supported it\n"
            ",affiliations,org:odihr,,person:tatiana-kotlyarenko,,Anti-trafficking Adviser,she had left\n"
            ",part_of,org:osce-pcuz,,,org:osce,,a separate body\n"
            "person:kevin-hyland|PARTICIPATED_IN|event:2019-11-26-tashkent-roundtable,,,,,,,he spoke elsewhere\n",
    })  # fmt: skip
    report = await load_paths(sample_store, [folder])
    assert report.ok, report.errors
    assert report.counts["retractions"].retracted == 4
    assert not await sample_store.load_existing("organized", [{"a": "org:osce", "b": RT}])
    assert not await sample_store.load_existing(
        "affiliations", [{"a": "person:tatiana-kotlyarenko", "b": "org:odihr"}]
    )
    assert not await sample_store.load_existing(
        "part_of", [{"a": "org:osce-pcuz", "b": "org:osce"}]
    )
    assert not await sample_store.load_existing(
        "participations", [{"a": "person:kevin-hyland", "b": RT}]
    )
    # The co-organization that rested on the retracted ORGANIZED link is made exact again.
    after = await co(sample_store, "org:osce", "org:uz-national-commission")
    assert after is None or RT not in after["eventIds"]
    # The part no longer names its parent; its history says so.
    pcuz = await sample_store.entity_get("org:osce-pcuz")
    assert pcuz is not None and "parentId" not in pcuz["props"]
    page = await entity_history(sample_store, "org:osce-pcuz")
    assert page is not None
    cleared = next(e for e in page.items if e.op == "clear")
    assert [(c.property, c.before, c.after) for c in cleared.changes] == [
        ("parentId", "org:osce", None)
    ]
    # The entities are still there, and the retracted facts are in both ends' histories.
    assert await sample_store.entity_get("person:kevin-hyland") is not None
    event = await entity_history(sample_store, RT)
    assert event is not None
    retracted = {(e.type, e.entityId) for e in event.items if e.op == "retract"}
    assert retracted == {("organized", "org:osce"), ("participations", "person:kevin-hyland")}
    graph, history = await dump(sample_store), await changes(sample_store)
    again = await load_paths(sample_store, [folder])
    assert again.counts["retractions"].unchanged == 4
    assert await dump(sample_store) == graph and await changes(sample_store) == history


async def test_what_cannot_be_retracted_is_refused_before_anything_is_written(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    await load_paths(sample_store, [write_folder(tmp_path / "m", {
        "organizations.csv": f"id,name,sourceIds\norg:iom-dup,IOM Duplicate Office,{S}\n",
    })])  # fmt: skip
    await merge_entities(sample_store, "org:iom", "org:iom-dup")
    bad = write_folder(tmp_path / "bad", {
        "retractions.csv": "id,relationship,organizationId,eventId,partnerId,reason\n"
            "org:nobody,,,,,a typo\n"
            "org:iom-dup,,,,,merged already\n"
            f"{S},,,,,a source others cite\n"
            "org:osce,,,,,and loaded in this batch\n"
            "org:coe,,,,,referred to by this batch\n"
            ",co_organizations,org:osce,,org:osce-pcuz,a shared event\n"
            ",organized,org:iom,,,no event given\n"
            ",organized,org:coe,event:senate-conference-07-30,,never organized it\n"
            "org:x,,,,,\n",
        "organizations.csv": f"id,name,kind,sourceIds\norg:osce,Organization for Security and Co-operation in Europe,igo,{S}\n",
        "organized.csv": f"organizationId,eventId,sourceIds\norg:coe,{RT},{S}\n",
    })  # fmt: skip
    before = await dump(sample_store), await changes(sample_store)
    with pytest.raises(LoadFailed) as info:
        await load_paths(sample_store, [bad])
    got = {(Path(e.file).name, e.line): (e.field, e.message) for e in info.value.report.errors}
    assert got[("retractions.csv", 2)] == (
        "id",
        "'org:nobody' is not in the graph: nothing to retract",
    )
    assert "merged into 'org:iom'" in got[("retractions.csv", 3)][1]
    assert "other record(s) cite" in got[("retractions.csv", 4)][1]
    assert "also loaded by this batch" in got[("retractions.csv", 5)][1]
    assert got[("organized.csv", 2)][0] == "organizationId"
    assert "which this load retracts" in got[("organized.csv", 2)][1]
    assert "retract those organized relationships" in got[("retractions.csv", 7)][1]
    assert got[("retractions.csv", 8)] == ("eventId", "eventId is required to retract organized")
    assert (
        got[("retractions.csv", 9)][0] == "organizationId"
        and "no ORGANIZED relationship" in got[("retractions.csv", 9)][1]
    )
    assert got[("retractions.csv", 10)] == ("reason", "is required")
    assert (await dump(sample_store), await changes(sample_store)) == before


async def test_retract_one_as_the_command_does(sample_store: GraphStore) -> None:
    rec = RetractionRecord.model_validate(
        {"id": "org:coe", "reason": "not in these items", "sourceIds": [S]}
    )
    target = await retract_one(sample_store, rec)
    assert target.status == "retracted" and await sample_store.entity_get("org:coe") is None
    again = await retract_one(sample_store, rec)
    assert again.status == "unchanged"
    with pytest.raises(RetractError, match="not in the graph"):
        await retract_one(sample_store, RetractionRecord(id="org:nope", reason="x"))
    with pytest.raises(RetractError, match="not a source"):
        await retract_one(
            sample_store, RetractionRecord(id="org:iom", reason="x", sourceIds=["org:osce"])
        )
    edge = RetractionRecord(
        id="org:odihr|CO_ORGANIZED_WITH|org:osce-pcuz", reason="stated by no one"
    )
    assert (await retract_one(sample_store, edge)).status == "retracted"
    # The two still organized an event together: the link stays, from that event alone.
    link = await co(sample_store, "org:odihr", "org:osce-pcuz")
    assert link is not None and link["explicit"] is False and link["eventIds"] == [RT]
    page = await entity_history(sample_store, "org:osce-pcuz")
    assert page is not None and page.items[0].op == "retract"
    assert {c.property for c in page.items[0].changes} >= {"eventIds", "sourceIds", "weight"}
    assert json.loads(json.dumps(page.model_dump()))["items"][0]["reason"] == "stated by no one"


@pytest.mark.parametrize("store", ["embedded"], indirect=True)
async def test_cli_retract(home: Path, store: FalkorStore, graph_name: str) -> None:
    await load_paths(store, [SAMPLE_DIR])
    proc = ctgraph(
        home, graph_name, "retract", "org:coe", "--reason", "not in these items", "--source", S
    )
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "retracted org:coe" in " ".join(out.split())
    assert await store.entity_get("org:coe") is None
    proc = ctgraph(home, graph_name, "retract", "org:coe", "--reason", "again")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "retracted before" in out
    rid = "person:kevin-hyland|PARTICIPATED_IN|" + RT
    proc = ctgraph(home, graph_name, "retract", rid, "--reason", "he spoke elsewhere")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    proc = ctgraph(home, graph_name, "retract", "org:nope", "--reason", "x")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "org:nope" in err and "not in the graph" in err
    proc = ctgraph(home, graph_name, "retract", "a|NOPE|b", "--reason", "x")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "not a relationship type" in err
    page = await entity_history(store, "org:coe")
    assert page is not None and page.items[0].op == "retract" and page.items[0].sourceIds == [S]
