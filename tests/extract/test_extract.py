"""From a news item to proposed facts: the two seed items give the sample's records, the corpus
of press releases meets its goals, the command and the route write nothing, and what they
propose loads through the ordinary loader with the item as its source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from bench.extract import CASES, HOLDOUT, HOLDOUT2, cases, sample_proposer, score
from ctgraph.extract import ItemMeta, Proposer
from ctgraph.extract.rules import load_rules
from ctgraph.extract.text import read_item, sentences
from ctgraph.settings import Settings
from ctgraph.store.base import GraphStore
from tests.loaders.helpers import dump
from tests.neo4j_fixtures import point_cli_at

KEY = {"X-API-Key": "test-admin-key"}
SEED_CONFERENCE = (CASES / "00_seed_senate_conference.txt").read_text()
SEED_ROUNDTABLE = (CASES / "00_seed_tashkent_roundtable.txt").read_text()


@pytest.fixture(scope="module")
def proposer() -> Proposer:
    return sample_proposer()


def _records(p: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in p["records"] if r["type"] == kind]


def test_the_seed_conference_has_no_date_and_keeps_its_occasion(proposer: Proposer) -> None:
    """Seed 000 never gives the conference's date: 30 July is when the World Day is
    observed. The event is proposed as the sample's, with its date unknown."""
    p = proposer.propose(SEED_CONFERENCE, ItemMeta(publisher="Law Enforcement Academy"))
    assert p["event"]["date"] == {
        "start": None,
        "end": None,
        "precision": "unknown",
        "monthDay": None,
    }
    assert p["event"]["evidence"]["date"]["rule"] == "only a day observed every year is named"
    assert p["event"]["occasion"] == "World day against trafficking in persons"
    assert p["event"]["sameAs"] == "event:senate-conference-07-30"
    roles = {r["organizationId"]: r["role"] for r in _records(p, "organized")}
    assert roles == {
        "org:uz-national-commission": "organizer",
        "org:iom": "co-organizer",
        "org:uz-senate": "host",
    }
    (aff,) = _records(p, "affiliation")
    assert aff["personId"] == "person:l-kh-isakov"
    assert aff["organizationId"] == "org:uz-law-enforcement-academy"
    assert aff["position"].lower() == (
        "head of the department of international law and human rights protection"
    )
    (part,) = _records(p, "participation")
    assert part["talkTitle"].startswith("Human trafficking and human rights")
    assert p["speakers"][0]["honorific"] == "Professor"


def test_the_seed_roundtable_gives_the_sample_records(proposer: Proposer) -> None:
    p = proposer.propose(SEED_ROUNDTABLE, ItemMeta(publisher="OSCE"))
    sample = Path(__file__).resolve().parents[2] / "data" / "sample"
    import csv

    want = {
        (r["organizationId"], r["role"])
        for r in csv.DictReader((sample / "organized.csv").open())
        if r["eventId"] == "event:2019-11-26-tashkent-roundtable"
    }
    got = {(r["organizationId"], r["role"]) for r in _records(p, "organized")}
    assert got == want
    affs = {
        (r["personId"], r["organizationId"])
        for r in csv.DictReader((sample / "affiliations.csv").open())
        if r["sourceIds"] == "source:osce-2019-11-26"
    }
    assert {(r["personId"], r["organizationId"]) for r in _records(p, "affiliation")} == affs
    people = {r["personId"] for r in _records(p, "participation")}
    assert people == {a for a, _ in affs}
    ev = p["event"]
    assert ev["date"]["start"] == "2019-11-26" and ev["date"]["precision"] == "day"
    assert ev["city"] == "Tashkent" and ev["sameAs"] == "event:2019-11-26-tashkent-roundtable"
    # Every fact quotes the words that say it, at their place in the item's text.
    text = p["item"]["text"]
    for o in p["organizers"]:
        e = o["evidence"]
        assert text[e["start"] : e["end"]] == e["text"] and e["text"] in e["sentence"]


def test_the_corpus_meets_its_goals(proposer: Proposer) -> None:
    """The press releases written for the tests (several publishers, organizers, speakers with
    positions, dates with and without years, a second report of a known event): precision and
    recall at least 0.9 on organizers and speakers, 0.95 on dates, and never a made-up year."""
    items = cases()
    assert len(items) >= 20
    s = score([(c, proposer.propose(c.raw, c.meta)) for c in items])
    for field in ("organizers", "organizer roles", "speakers", "positions"):
        assert s[field]["precision"] >= 0.9 and s[field]["recall"] >= 0.9, (field, s[field])
    assert s["dates"]["precision"] >= 0.95 and s["dates"]["recall"] >= 0.95, s["dates"]
    assert s["same event"]["precision"] == 1.0 and s["same event"]["recall"] == 1.0
    assert s["_invented_years"] == 0
    assert (
        s["_unknown_dates_kept_unknown"].split("/")[0]
        == s["_unknown_dates_kept_unknown"].split("/")[1]
    )


def test_items_in_other_styles_are_read_without_inventing(proposer: Proposer) -> None:
    """The held-out items (other publishers and styles; 41–50 never used to change the rules):
    never a made-up year, and what is proposed is mostly right (precision at least 0.85 on
    organizers and speakers), though less is found than in the corpus."""
    for folder in (HOLDOUT, HOLDOUT2):
        items = cases(folder)
        assert len(items) >= 8
        s = score([(c, proposer.propose(c.raw, c.meta)) for c in items])
        assert s["_invented_years"] == 0, folder
        for field in ("organizers", "speakers", "participantsCount", "venue (place)"):
            assert s[field]["precision"] >= 0.85, (folder.name, field, s[field])
        assert s["organizers"]["recall"] >= 0.6 and s["speakers"]["recall"] >= 0.75, folder.name


def test_a_day_without_a_year_is_never_given_one(proposer: Proposer) -> None:
    item = (
        "Seminar on victim identification held in Bishkek\n\n"
        "A seminar on victim identification was held in Bishkek on 12 May. It was organized "
        "by the Ministry of Internal Affairs of the Kyrgyz Republic."
    )
    p = proposer.propose(item, ItemMeta(published="2024-05-14"))
    assert p["event"]["date"] == {
        "start": None,
        "end": None,
        "precision": "unknown-year",
        "monthDay": "05-12",
    }
    (event,) = _records(p, "event")
    assert event["datePrecision"] == "unknown-year" and "startDate" not in event


def test_a_known_name_is_kept_whole_before_a_list_is_split(proposer: Proposer) -> None:
    item = (
        "Workshop in Almaty\n\nA workshop was held in Almaty on 3 March 2023. It was "
        "co-organized by the United Nations Office on Drugs and Crime, the Ministry of Labour "
        "and Social Protection of the Population of the Republic of Kazakhstan and IOM."
    )
    p = proposer.propose(item)
    names = [(o["name"], o["id"], o["role"]) for o in p["organizers"]]
    assert names == [
        ("United Nations Office on Drugs and Crime", "org:unodc", "co-organizer"),
        (
            "Ministry of Labour and Social Protection of the Population of the Republic of "
            "Kazakhstan",
            None,
            "co-organizer",
        ),
        ("IOM", "org:iom", "co-organizer"),
    ]


def test_html_is_read_as_its_article() -> None:
    page = (
        "<html><head><title>T | Site</title></head><body><nav><a>Home</a><a>News</a></nav>"
        "<article><h1>A round-table in Tashkent</h1><p>It was held on 1 June 2021.</p>"
        "<p>Dr. A.B. Karimov spoke.</p></article><footer>© Site</footer></body></html>"
    )
    item = read_item(page)
    assert item.title == "A round-table in Tashkent"
    assert "Home" not in item.text and "©" not in item.text
    said = [s.text for s in sentences(item.text, frozenset({"dr"}))]
    assert said == [
        "A round-table in Tashkent",
        "It was held on 1 June 2021.",
        "Dr. A.B. Karimov spoke.",
    ]


def test_extract_command_writes_nothing_and_its_records_load(
    sample_store: GraphStore,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    from ctgraph.cli import app

    point_cli_at(sample_store, settings, monkeypatch, request)
    item = CASES / "12_unodc_tashkent_roundtable_second_report.txt"
    out = tmp_path / "proposal.json"
    res = CliRunner().invoke(app, ["extract", str(item), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "the same event as event:2019-11-26-tashkent-roundtable" in res.output
    records = json.loads(out.read_text())["records"]
    assert {"source", "event", "organized", "participation", "affiliation"} <= {
        r["type"] for r in records
    }
    res = CliRunner().invoke(app, ["extract", str(item), "--json"])
    doc = json.loads(res.stdout)
    assert doc["item"]["sha256"] and doc["item"]["rules"] == load_rules("en").version == "en-2"
    assert CliRunner().invoke(app, ["extract", str(tmp_path / "nothing.txt")]).exit_code == 1


async def test_extract_route_proposes_and_the_load_cites_the_item(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    before = await dump(sample_store)
    text = (CASES / "12_unodc_tashkent_roundtable_second_report.txt").read_text()
    anon = await client.post("/api/admin/extract", json={"text": text})
    assert anon.status_code == 401
    r = await client.post(
        "/api/admin/extract", json={"text": text, "publisher": "UNODC"}, headers=KEY
    )
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["event"]["sameAs"] == "event:2019-11-26-tashkent-roundtable"
    assert p["item"]["published"] == "2019-11-29"  # from the item's byline
    assert await dump(sample_store) == before, "extraction wrote to the graph"
    bad = await client.post(
        "/api/admin/extract", json={"text": text, "published": "2019-02-30"}, headers=KEY
    )
    assert bad.status_code == 422 and "2019-02-30" in bad.text
    files = {"files": ("proposal.json", json.dumps({"records": p["records"]}), "application/json")}
    r = await client.post("/api/admin/load", files=files, headers=KEY)
    assert r.status_code == 200, r.text
    source = next(x["id"] for x in p["records"] if x["type"] == "source")
    facts = (await client.get(f"/api/sources/{source}/facts")).json()
    assert "person:rustam-nurmatov" in json.dumps(facts), facts
    ev = (await client.get("/api/entities/event:2019-11-26-tashkent-roundtable")).json()
    assert source in json.dumps(ev)
    # The second report added its venue to the event and kept the first report's facts.
    assert ev["properties"]["venue"] == "International Hotel Tashkent", ev["properties"]
    assert ev["properties"]["startDate"] == "2019-11-26"


def test_a_new_name_the_scorer_is_sure_of_is_linked_and_one_it_is_not_is_offered(
    proposer: Proposer,
) -> None:
    item = (
        "Training in Tashkent\n\nA training was held in Tashkent on 3 March 2023. It was "
        "organized by the Academy of Law Enforcement of Uzbekistan in cooperation with the "
        "Ministry of Social Policy."
    )
    p = proposer.propose(item)
    sure, unsure = p["organizers"]
    assert sure["id"] == "org:uz-law-enforcement-academy"
    assert sure["linked"].startswith("the duplicate scorer: 0.9")
    assert unsure["id"] is None and unsure["recordId"] == "org:ministry-of-social-policy"
    (offer,) = unsure["matches"]
    assert offer["id"] == "org:ua-ministry-of-social-policy" and 0.5 <= offer["score"] < 0.9
    assert offer["why"] and "ministry social policy" in offer["why"][0]


async def test_a_reviewed_item_is_remembered_and_a_changed_one_asks_again(
    client: httpx.AsyncClient, sample_store: GraphStore
) -> None:
    """A load of reviewed records keeps the review (item hash, rules, proposed and accepted
    records); the same item read again says `reviewed`; a changed text, or rules that now
    propose other records, say `review-again` with why; a dry run and a refused load keep
    nothing."""
    text = (CASES / "05_unodc_almaty_training.txt").read_text()
    body = {"text": text, "publisher": "UNODC", "published": "2023-05-20"}
    p = (await client.post("/api/admin/extract", json=body, headers=KEY)).json()
    assert p["review"] == {"status": "new"}
    item = {"sha256": p["item"]["sha256"], "rules": p["item"]["rules"], "facts": p["item"]["facts"]}
    # What the reviewer accepted: everything but the first speaker's participation.
    dropped = next(r for r in p["records"] if r["type"] == "participation")
    accepted = [r for r in p["records"] if r is not dropped]

    # A source whose text is not the text reviewed is refused, and nothing is written.
    before = await dump(sample_store)
    forged = [{**r, "content": text + " More."} if r["type"] == "source" else r for r in accepted]
    bad = await client.post(
        "/api/admin/extract/load", json={"records": forged, "item": item}, headers=KEY
    )
    assert bad.status_code == 400 and "not the text reviewed" in bad.json()["detail"], bad.text
    dry = await client.post(
        "/api/admin/extract/load",
        json={"records": accepted, "item": item, "dry_run": True},
        headers=KEY,
    )
    assert dry.status_code == 200, dry.text
    assert await dump(sample_store) == before
    p = (await client.post("/api/admin/extract", json=body, headers=KEY)).json()
    assert p["review"]["status"] == "new", "a dry run kept a review"

    r = await client.post(
        "/api/admin/extract/load",
        json={"records": accepted, "item": item, "by": "reviewer-1"},
        headers=KEY,
    )
    assert r.status_code == 200, r.text
    again = (await client.post("/api/admin/extract", json=body, headers=KEY)).json()
    review = again["review"]
    assert review["status"] == "reviewed" and review["by"] == "reviewer-1", review
    assert review["accepted"] == accepted and review["note"] is None
    source = next(x["id"] for x in accepted if x["type"] == "source")
    assert review["sourceId"] == source

    # The publisher corrected the item: same source, another text.
    changed = {**body, "text": text + "\n\nThe training will be repeated in Shymkent in June."}
    review = (await client.post("/api/admin/extract", json=changed, headers=KEY)).json()["review"]
    assert review["status"] == "review-again", review
    assert any("text changed" in w for w in review["why"]), review

    # Rules that propose what the reviewed rules proposed keep the review; rules that propose
    # other records ask again, naming them.
    stored = await sample_store.review_get(source, item["sha256"])
    assert stored is not None
    await sample_store.review_write({**stored, "rules": "en-0"})
    review = (await client.post("/api/admin/extract", json=body, headers=KEY)).json()["review"]
    assert review["status"] == "reviewed" and "propose the same" in review["note"], review
    older = json.loads(stored["proposed"])
    first = older["speakers"].pop(0)  # the older rules missed a speaker …
    older["event"]["city"] = "Astana"  # … and read another city
    await sample_store.review_write({**stored, "rules": "en-0", "proposed": json.dumps(older)})
    review = (await client.post("/api/admin/extract", json=body, headers=KEY)).json()["review"]
    assert review["status"] == "review-again", review
    assert any("rules changed (en-0 then" in w for w in review["why"]), review
    assert review["changes"]["added"] == [f"person {first[0]} ({first[1]})"], review
    assert review["changes"]["changed"] == ["event city: Astana → Almaty"], review
    assert not review["changes"]["removed"], review
    # Reviews are not part of the network.
    assert "Review" not in (await client.get("/api/stats")).json()["nodes"]
