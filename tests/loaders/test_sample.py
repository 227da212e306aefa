"""The bundled sample: expected counts, one national commission, and reloads that change nothing."""

from __future__ import annotations

from ctgraph.loaders import LoadOptions, load_paths
from ctgraph.loaders.sample import SAMPLE_DIR, load_sample_if_empty
from ctgraph.settings import Settings
from ctgraph.store.falkordb import FalkorStore
from tests.loaders.helpers import dump

EXPECTED_NODES = {"Organization": 14, "Person": 8, "Event": 2, "Source": 2}
EXPECTED_RELS = {
    "ORGANIZED": 8,
    "PARTICIPATED_IN": 8,
    "AFFILIATED_WITH": 8,
    "PART_OF": 4,
    "CO_ORGANIZED_WITH": 13,
    "REPORTED_IN": 2,
    "MENTIONED_IN": 23,
}


async def test_sample_loads_with_expected_counts(sample_store: FalkorStore) -> None:
    counts = await sample_store.stats()
    assert {k: counts["nodes"][k] for k in EXPECTED_NODES} == EXPECTED_NODES
    assert {k: counts["relationships"][k] for k in EXPECTED_RELS} == EXPECTED_RELS


async def test_one_national_commission_under_both_names(sample_store: FalkorStore) -> None:
    result = await sample_store.cypher_readonly(
        "MATCH (o:Organization) WHERE 'national anti trafficking commission' IN o.nameKeys "
        "OR o.name CONTAINS 'National Commission' RETURN o.id, o.aliases",
        None,
        timeout_ms=5000,
        row_cap=10,
    )
    assert len(result.rows) == 1
    org_id, aliases = result.rows[0]
    assert org_id == "org:uz-national-commission"
    assert "National Anti-trafficking Commission of the Republic of Uzbekistan" in aliases
    events = await sample_store.cypher_readonly(
        "MATCH (:Organization {id: 'org:uz-national-commission'})-[:ORGANIZED]->(e) "
        "RETURN e.id ORDER BY e.id",
        None,
        timeout_ms=5000,
        row_cap=10,
    )
    assert [r[0] for r in events.rows] == [
        "event:2019-11-26-tashkent-roundtable",
        "event:senate-conference-07-30",
    ]


async def test_sample_facts(sample_store: FalkorStore) -> None:
    rows = await sample_store.query(
        "load_entity_props",
        {"ids": ["event:senate-conference-07-30", "event:2019-11-26-tashkent-roundtable"]},
    )
    props = {r["id"]: r["props"] for r in rows}
    conf = props["event:senate-conference-07-30"]
    # The item never says when: 30 July is when the World Day it marks is observed.
    assert conf["datePrecision"] == "unknown" and "monthDay" not in conf
    assert conf["occasion"] == "World Day against Trafficking in Persons"
    assert "startDate" not in conf and "year" not in conf
    rt = props["event:2019-11-26-tashkent-roundtable"]
    assert (rt["startDate"], rt["datePrecision"], rt["year"]) == ("2019-11-26", "day", 2019)
    parts = await sample_store.cypher_readonly(
        "MATCH (o)-[:PART_OF]->(:Organization {id: 'org:osce'}) RETURN o.id ORDER BY o.id",
        None,
        timeout_ms=5000,
        row_cap=10,
    )
    assert [r[0] for r in parts.rows] == ["org:odihr", "org:osce-pcuz"]
    talk = await sample_store.cypher_readonly(
        "MATCH (:Person {id: 'person:l-kh-isakov'})-[r:PARTICIPATED_IN]->() RETURN r.talkTitle",
        None,
        timeout_ms=5000,
        row_cap=10,
    )
    assert talk.rows[0][0].startswith("Human trafficking and human rights")
    unsourced = await sample_store.cypher_readonly(
        "MATCH ()-[r]->() WHERE size(coalesce(r.sourceIds, [])) = 0 RETURN count(r)",
        None,
        timeout_ms=5000,
        row_cap=10,
    )
    assert unsourced.rows[0][0] == 0


async def test_second_load_changes_nothing(sample_store: FalkorStore) -> None:
    before = await dump(sample_store)
    report = await load_paths(sample_store, [SAMPLE_DIR], LoadOptions())
    assert all(c.created == 0 and c.updated == 0 for c in report.counts.values())
    assert report.counts["organizations"].unchanged == 14
    assert await dump(sample_store) == before


async def test_dry_run_writes_nothing_and_reports(store: FalkorStore) -> None:
    report = await load_paths(store, [SAMPLE_DIR], LoadOptions(dry_run=True))
    assert report.dry_run and report.counts["organizations"].created == 14
    assert (await store.stats())["nodes"]["Organization"] == 0


async def test_load_sample_if_empty_only_once(store: FalkorStore, settings: Settings) -> None:
    first = await load_sample_if_empty(store, settings)
    assert first is not None and first.ok
    assert await load_sample_if_empty(store, settings) is None


async def test_json_and_jsonl_formats(store: FalkorStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.json").write_text(
        '{"records": [\n {"type": "source", "id": "source:s", "name": "S"},\n'
        ' {"type": "organization", "id": "org:a", "name": "A", "sourceIds": ["source:s"]}\n]}',
        encoding="utf-8",
    )
    (tmp_path / "b.jsonl").write_text(
        '{"type": "person", "id": "person:p", "name": "P", "sourceIds": ["source:s"]}\n'
        '{"type": "affiliation", "personId": "person:p", "organizationId": "org:a", '
        '"position": "Chair", "sourceIds": ["source:s"]}\n',
        encoding="utf-8",
    )
    report = await load_paths(store, [tmp_path / "a.json", tmp_path / "b.jsonl"])
    assert report.ok
    counts = await store.stats()
    assert counts["relationships"]["AFFILIATED_WITH"] == 1
    assert counts["relationships"]["MENTIONED_IN"] == 2
