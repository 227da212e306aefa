"""Changed records update what is stored, and merges of events and co-organizers stay exact."""

from __future__ import annotations

from pathlib import Path

from ctgraph.curation.merge import merge_entities
from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import write_folder

SRC = "source:lea-senate-conference"
EVENT = "event:senate-conference-07-30"


async def test_changed_sources_events_and_participations_are_updated(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    batch = write_folder(
        tmp_path / "changed",
        {
            "sources.csv": (
                "id,name,publisher\n"
                f"{SRC},An Academy representative delivered a speech at an international "
                "conference dedicated to combating human trafficking,Academy press office\n"
            ),
            "events.csv": (
                "id,name,kind,datePrecision,monthDay,country,venue,sourceIds\n"
                f"{EVENT},Global challenges in combating human trafficking: the role of society "
                "and international cooperation,conference,unknown-year,07-30,uz,"
                f"Senate hall,{SRC}\n"
            ),
            "participations.csv": (
                f"personId,eventId,role,sourceIds\nperson:l-kh-isakov,{EVENT},moderator,{SRC}\n"
            ),
        },
    )
    report = await load_paths(sample_store, [batch], LoadOptions())
    assert report.ok, report.errors
    assert report.counts["sources"].updated == 1
    assert report.counts["events"].updated == 1
    assert report.counts["participations"].updated == 1
    source = await sample_store.entity_get(SRC)
    event = await sample_store.entity_get(EVENT)
    assert source and source["props"]["publisher"] == "Academy press office"
    assert event and event["props"]["venue"] == "Senate hall"
    row = await sample_store.cypher_readonly(
        "MATCH (:Person {id: $p})-[r:PARTICIPATED_IN]->(:Event {id: $e}) RETURN r.role",
        {"p": "person:l-kh-isakov", "e": EVENT},
        timeout_ms=10_000,
        row_cap=10,
    )
    assert row.rows == [["moderator"]]


async def test_merging_co_organizers_drops_their_link_and_merging_events_keeps_links(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    links = (
        "MATCH (a:Organization {id: $a})-[r:CO_ORGANIZED_WITH]-(b:Organization {id: $b}) "
        "RETURN count(r)"
    )

    async def linked(a: str, b: str) -> int:
        got = await sample_store.cypher_readonly(
            links, {"a": a, "b": b}, timeout_ms=10_000, row_cap=10
        )
        return int(got.rows[0][0])

    assert await linked("org:uz-senate", "org:uz-national-commission") == 1
    await merge_entities(sample_store, "org:uz-national-commission", "org:uz-senate")
    assert await linked("org:uz-senate", "org:uz-national-commission") == 0
    dup = write_folder(
        tmp_path / "dup",
        {
            "events.csv": (
                "id,name,kind,datePrecision,monthDay,sourceIds\n"
                f"event:senate-copy,Senate conference on trafficking,conference,unknown-year,"
                f"07-30,{SRC}\n"
            ),
            "organized.csv": (
                "organizationId,eventId,role,sourceIds\n"
                f"org:unodc-roca,event:senate-copy,supporter,{SRC}\n"
            ),
        },
    )
    assert (await load_paths(sample_store, [dup], LoadOptions())).ok
    await merge_entities(sample_store, EVENT, "event:senate-copy")
    assert await linked("org:unodc-roca", "org:iom") == 1
    record = await sample_store.entity_record(EVENT, 100)
    assert record is not None
