"""The page that turns a news item into facts (/admin/extract) in a real Chromium, against the
real app on the sample: the item pasted, what ctgraph proposes marked in the text, a proposal
rejected and an edited one, a new name chosen as an existing record, a dry run that writes
nothing, then the load, whose facts cite the item."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ctgraph.store import EmbeddedServer
from tests.browser.test_page import load_graph, site

ROOT = Path(__file__).resolve().parents[2]
ITEMS = ROOT / "tests" / "data" / "extract"
KEY = "extract-test-key"
H = {"X-API-Key": KEY}
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(server: EmbeddedServer, home: Path) -> Iterator[str]:
    graph = f"extract-{uuid.uuid4().hex[:8]}"
    load_graph(server, graph, sorted((ROOT / "data" / "sample").glob("*.csv")))
    with site(home, graph, CTGRAPH_ADMIN_KEY=KEY) as url:
        yield url


def stats(base_url: str) -> Any:
    return httpx.get(base_url + "/api/stats", timeout=30).json()


def propose(page: Any, base_url: str, item: str, publisher: str) -> None:
    page.goto(base_url + "/admin/extract")
    page.fill("#key", KEY)
    page.click("#key-use")
    page.fill("#publisher", publisher)
    page.fill("#item", (ITEMS / item).read_text())
    page.click("#propose")
    page.wait_for_selector("body[data-proposed='1']", timeout=20000)


def test_an_item_is_proposed_marked_reviewed_and_loaded(page: Any, base_url: str) -> None:
    propose(
        page, base_url, "18_newswire_almaty_labour_exploitation_conference.txt", "Central Asia Wire"
    )
    # What was found is marked in the text: known records and new names apart.
    assert page.locator("#text mark.known").count() >= 1
    assert page.locator("#text mark.new").count() >= 3
    assert "Almaty" in page.inner_text("#event")
    organizers = page.inner_text("#organizers")
    assert "Prosecutor General's Office of Kazakhstan" in organizers
    # "show" points at the words behind a fact and quotes its sentence.
    page.locator("#organizers button.show").first.click()
    assert "organized by" in page.inner_text("#evidence")
    assert page.locator("#text mark.pointed").count() == 1
    page.screenshot(path="test-artifacts/extract_proposed.png", full_page=True)

    # Reject the supporter; make the first organizer the organizer; edit a position.
    rows = page.locator("#organizers tr")
    supporter = next(
        i
        for i in range(1, rows.count())
        if "UNODC" in rows.nth(i).locator("td").nth(1).inner_text()
    )
    rows.nth(supporter).locator("input[type=checkbox]").uncheck()
    rows.nth(1).locator("select[aria-label^='Role']").select_option("organizer")
    speaker = page.locator("#speakers input[aria-label^='Position of Jan']")
    speaker.fill("Political Officer (Human Dimension)")
    # The new Prosecutor's Office is kept new; nothing is written by a dry run.
    before = stats(base_url)
    page.click("#dry-run")
    page.wait_for_selector("#report h2:text('Dry run')", timeout=20000)
    assert stats(base_url) == before
    records = page.evaluate("window.ctgraphExtract.reviewedRecords()")
    organized = [r for r in records if r["type"] == "organized"]
    assert not any(r["organizationId"] == "org:unodc-roca" for r in organized), organized
    assert organized[0]["role"] == "organizer"
    assert any(r.get("position") == "Political Officer (Human Dimension)" for r in records)

    page.click("#load")
    page.wait_for_selector("#report h2:text('Loaded')", timeout=20000)
    event = next(r["id"] for r in records if r["type"] == "event")
    record = httpx.get(base_url + "/api/entities/" + event, timeout=30).json()
    assert {o["organization"]["id"] for o in record["organizers"]} >= {
        r["organizationId"] for r in organized
    }
    source = next(r["id"] for r in records if r["type"] == "source")
    assert all(source in o["sourceIds"] for o in record["organizers"])
    # The source keeps the item's text: every fact can quote its sentence.
    src = httpx.get(base_url + "/api/entities/" + source, timeout=30).json()
    assert "Almaty" in src["properties"]["content"]
    page.screenshot(path="test-artifacts/extract_loaded.png", full_page=True)
    # Read again, the item says it was reviewed, when, by whom, and what was accepted.
    page.click("#propose")
    page.wait_for_selector("#event .item-review.reviewed", timeout=20000)
    note = page.inner_text("#event .item-review")
    assert "Reviewed" in note and f"{len(records)} records were accepted" in note, note
    page.screenshot(path="test-artifacts/extract_reviewed.png", full_page=True)
    # The explorer's details of the event quote, beside each organizer, the sentence behind it.
    page.goto(base_url + "/#center=" + event + "&depth=1&view=net")
    page.wait_for_selector("#panel h3:text('Organizers')", timeout=20000)
    quotes = page.locator("#panel q.evidence").all_inner_texts()
    assert any("organized by the Prosecutor General's Office" in q for q in quotes), quotes


def test_a_new_name_can_be_an_existing_record(page: Any, base_url: str) -> None:
    """A name the graph does not hold as written is proposed as a new record, with what the
    duplicate scorer and search find offered instead; choosing one sends every fact to it."""
    item = (
        "Training for investigators in Tashkent\n\n"
        "A training for investigators was held in Tashkent on 3 March 2023. It was organized by "
        "the Tashkent Academy of Law Enforcement. Professor L.Kh. Isakov delivered a "
        "report on “Evidence in trafficking cases”."
    )
    page.goto(base_url + "/admin/extract")
    page.fill("#key", KEY)
    page.click("#key-use")
    page.fill("#item", item)
    page.click("#propose")
    page.wait_for_selector("body[data-proposed='1']", timeout=20000)
    choice = page.locator("#organizers select.record").first
    page.wait_for_function(
        "document.querySelector('#organizers select.record').options.length > 1", timeout=20000
    )
    options = choice.locator("option").all_inner_texts()
    assert options[0].startswith("new record org:")
    # The duplicate scorer's match comes first, with its score.
    assert options[1].startswith("likely 0.") and "org:uz-law-enforcement-academy" in options[1]
    choice.select_option("org:uz-law-enforcement-academy")
    records = page.evaluate("window.ctgraphExtract.reviewedRecords()")
    (organized,) = [r for r in records if r["type"] == "organized"]
    assert organized["organizationId"] == "org:uz-law-enforcement-academy"
    assert not [r for r in records if r["type"] == "organization"]
    (talk,) = [r for r in records if r["type"] == "participation"]
    assert talk["personId"] == "person:l-kh-isakov"
    assert talk["talkTitle"] == "Evidence in trafficking cases"


def test_without_a_key_the_page_says_what_to_do(page: Any, base_url: str) -> None:
    page.goto(base_url + "/admin/extract")
    page.fill("#item", "A conference was held in Tashkent on 1 June 2021.")
    page.click("#propose")
    assert "admin key" in page.inner_text("#error")
    page.fill("#key", "wrong")
    page.click("#key-use")
    page.click("#propose")
    page.wait_for_function(
        "document.getElementById('error').textContent.includes('Wrong key')", timeout=20000
    )
