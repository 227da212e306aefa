"""The duplicate review page (/admin/review) in a real Chromium, against the real app on the
sample data plus a batch with a duplicate of the national commission under an earlier name
(tests/data/dedupe_batch/) and a look-alike that is not one (the Kyrgyz commission)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from ctgraph.store import EmbeddedServer
from tests.browser.test_page import load_graph, site

ROOT = Path(__file__).resolve().parents[2]
BATCH = ROOT / "tests" / "data" / "dedupe_batch"
KEY = "review-test-key"
H = {"X-API-Key": KEY}
NATIONAL = "org:uz-national-commission"
EARLIER = "org:uz-interagency-commission"
KYRGYZ = "org:kg-national-commission"
EARLIER_NAME = "Republican Inter-agency Commission on Combating Human Trafficking"
NATIONAL_NAME = "National Commission of the Republic of Uzbekistan on Combating Human Trafficking"
KYRGYZ_NAME = "National Commission on Combating Human Trafficking of the Kyrgyz Republic"
EVENT_2012 = "event:2012-06-14-tashkent-conference"
XSS_NOTE = '<img src=x onerror="window.__xss=1"> same words, other country'
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(
    server: EmbeddedServer, home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app with an admin key, on its own graph: the sample, then the batch."""
    graph = f"review-{uuid.uuid4().hex[:8]}"
    # The sample, then the batch: two loads, as an admin would make them.
    load_graph(server, graph, sorted((ROOT / "data" / "sample").glob("*.csv")))
    load_graph(server, graph, sorted(BATCH.glob("*.csv")))
    with site(home, graph, CTGRAPH_ADMIN_KEY=KEY) as url:
        yield url


def shot(pg: Any, name: str, full_page: bool = True) -> None:
    pg.screenshot(path=f"/tmp/review_{name}.png", full_page=full_page)


def get(base_url: str, path: str, **params: Any) -> Any:
    r = httpx.get(base_url + path, params=params, headers=H, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def pair_of(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def shown(pg: Any) -> frozenset[str]:
    a, b = pg.get_attribute("#pair", "data-a"), pg.get_attribute("#pair", "data-b")
    return pair_of(a, b)


def open_review(pg: Any, base_url: str, key: str = KEY, below: bool = False) -> None:
    """The page with the key entered; `below`: the pairs under the threshold offered too."""
    pg.goto(base_url + "/admin/review")
    if below:
        pg.check("#show-below")
    pg.fill("#key", key)
    pg.click("#key-use")


def wait_pair(pg: Any) -> None:
    pg.wait_for_selector("#pair[data-state=pair]", timeout=20000)


def wait_other_pair(pg: Any, before: frozenset[str]) -> None:
    """Waits until the page shows a pair other than `before` (or no pair: the empty state)."""
    a, b = sorted(before)
    pg.wait_for_function(
        "([a, b]) => { const p = document.getElementById('pair');"
        " if (p.dataset.state === 'empty') return true;"
        " if (p.dataset.state !== 'pair') return false;"
        " return [p.dataset.a, p.dataset.b].sort().join(' ') !== [a, b].join(' '); }",
        arg=[a, b],
        timeout=20000,
    )


def test_the_page_is_served_and_its_module_is_javascript(base_url: str) -> None:
    r = httpx.get(base_url + "/admin/review")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/js/review.js">' in r.text
    js = httpx.get(base_url + "/static/js/review.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "/admin/review" not in httpx.get(base_url + "/openapi.json").text


def test_the_batch_makes_the_expected_candidates(base_url: str) -> None:
    """The earlier name of the national commission is a candidate, stronger than the
    Kyrgyz look-alike (when that one is a candidate at all)."""
    items = get(base_url, "/api/admin/candidates", type="Organization", limit=200)["items"]
    scores = {pair_of(p["a"]["id"], p["b"]["id"]): p["score"] for p in items}
    assert pair_of(NATIONAL, EARLIER) in scores, sorted(map(sorted, scores))
    for lookalike in (pair_of(NATIONAL, KYRGYZ), pair_of(EARLIER, KYRGYZ)):
        if lookalike in scores:
            assert scores[lookalike] < scores[pair_of(NATIONAL, EARLIER)]


def test_wrong_key_missing_key_and_admin_off_are_said(page: Any, base_url: str) -> None:
    open_review(page, base_url, "not-the-key")
    page.wait_for_selector("#error:not([hidden])", timeout=20000)
    assert "Wrong key" in page.inner_text("#error")
    assert page.get_attribute("#pair", "data-state") == "error"
    # The wrong key is forgotten: the next visit asks again.
    assert page.evaluate("sessionStorage.getItem('ctgraph.adminKey')") is None
    shot(page, "wrong_key")
    # Nothing entered: the page says what to do, and asks the server nothing.
    page.fill("#key", "")
    page.click("#key-use")
    assert "Enter the admin key" in page.inner_text("#error")
    # A server whose admin routes are off answers 404 with a detail: the page says it.
    off = {"detail": "admin routes are off: set CTGRAPH_ADMIN_KEY to enable them"}
    page.route(
        "**/api/admin/**",
        lambda route: route.fulfill(
            status=404, content_type="application/json", body=json.dumps(off)
        ),
    )
    open_review(page, base_url)
    page.wait_for_function(
        "document.getElementById('error').textContent.includes('Admin routes are off')"
    )
    assert "CTGRAPH_ADMIN_KEY" in page.inner_text("#error")
    shot(page, "admin_off")
    assert page.outside == []


def test_first_pair_side_by_side_with_its_reasons(page: Any, base_url: str) -> None:
    first = get(base_url, "/api/admin/candidates", type="Organization", order="score")["items"][0]
    open_review(page, base_url)
    wait_pair(page)
    assert shown(page) == pair_of(first["a"]["id"], first["b"]["id"])
    pair = get(base_url, "/api/admin/candidates/pair", a=first["a"]["id"], b=first["b"]["id"])
    table = page.inner_text("table.compare")
    assert first["a"]["name"] in table and first["b"]["name"] in table
    # Each value's agreement, as the pair endpoint says it.
    for field, verdict in pair["agreement"].items():
        row = page.locator(f"table.compare tr[data-field={field}]")
        if row.count():
            assert row.get_attribute("class") == verdict, field
    # The score and its explanation: every feature's value text, with its effect's sign.
    why = page.inner_text(".features")
    assert f"{pair['score']:.2f}" in page.inner_text(".score")
    for f in pair["features"]:
        assert f["value"] in why, f
    signs = page.eval_on_selector_all(".features li", "ls => ls.map((l) => l.className)")
    assert signs[0].split()[0] == ("plus" if pair["features"][0]["effect"] > 0 else "minus")
    # Both sides' sources (links open without an opener) and neighbourhoods.
    assert page.locator(".side").count() == 2
    for link in page.locator(".sources a").all():
        assert "noopener" in (link.get_attribute("rel") or "")
        assert (link.get_attribute("href") or "").startswith("https://")
    page.wait_for_selector(".hood-net[data-stable='1']", timeout=20000)
    assert page.locator(".hood-list li").count() >= 2
    assert page.locator(".decide button[data-decision]").count() == 4
    shot(page, "first_pair")
    assert page.outside == []


def test_pairs_below_the_threshold_wait_behind_a_switch(page: Any, base_url: str) -> None:
    """Pairs scored below the server's threshold (0.10) are not offered, and the page counts
    them; when nothing above it is left the page says that nothing left is worth a look, and
    how many lie below; the switch offers them, each marked."""
    default = get(base_url, "/api/admin/candidates", type="Organization")
    every = get(base_url, "/api/admin/candidates", type="Organization", min_score=0, limit=500)
    below = default["below"]
    assert default["minScore"] == 0.1 and below > 0
    assert default["total"] + below == every["total"]
    above = {pair_of(p["a"]["id"], p["b"]["id"]) for p in default["items"]}
    assert pair_of(NATIONAL, EARLIER) in above
    open_review(page, base_url)
    wait_pair(page)
    assert shown(page) in above
    assert page.inner_text("#threshold") == "0.10"
    assert f"{below} below 0.10 not shown" in page.inner_text("#left")
    assert page.locator(".pair-head .badge.weak").count() == 0
    # Every pair above skipped: nothing left above the threshold.
    for _ in range(default["total"]):
        now = shown(page)
        page.keyboard.press("s")
        wait_other_pair(page, now)
    page.wait_for_selector("#pair[data-state=empty] .empty[data-reason=threshold]")
    text = " ".join(page.inner_text("#pair").split())
    assert "Nothing left above the threshold for Organization" in text
    assert "nothing left is worth a look" in text
    assert f"{below} pairs score below 0.10" in text
    assert page.locator(".empty button.show-below").inner_text() == (
        f"Show the {below} pairs below 0.10"
    )
    shot(page, "nothing_above_threshold")
    # The switch: the pairs below are offered, marked.
    with page.expect_request(lambda r: "/api/admin/candidates?" in r.url) as req:
        page.click(".empty button.show-below")
    assert "min_score=0" in req.value.url
    wait_pair(page)
    assert page.is_checked("#show-below")
    assert shown(page) not in above
    assert page.inner_text(".pair-head .badge.weak") == "below the threshold (0.10)"
    assert "those below 0.10 included" in page.inner_text("#left")
    shot(page, "below_threshold_pair")
    # Off again: none but the skipped above it.
    with page.expect_request(lambda r: "/api/admin/candidates?" in r.url) as req:
        page.uncheck("#show-below")
    assert "min_score" not in req.value.url
    page.wait_for_selector(".empty[data-reason=threshold]")
    assert page.outside == []


def test_nothing_above_the_threshold_on_the_sample(page: Any, base_url: str) -> None:
    """As the sample alone answers (its 33 organization pairs all score under 0.05): no pair
    above the threshold, 33 below."""
    sample = {"total": 0, "items": [], "minScore": 0.1, "below": 33}
    page.route(
        "**/api/admin/candidates?*type=Organization*",
        lambda route: (
            route.fulfill(status=200, content_type="application/json", body=json.dumps(sample))
            if "min_score" not in route.request.url
            else route.continue_()
        ),
    )
    open_review(page, base_url)
    page.wait_for_selector(".empty[data-reason=threshold]", timeout=20000)
    text = " ".join(page.inner_text("#pair").split())
    assert "No Organization pair left scores 0.10 or more: nothing left is worth a look." in text
    assert "33 pairs score below 0.10" in text
    assert "0 candidate pairs left (Organization); 33 below 0.10 not shown" in page.inner_text(
        "#left"
    )
    assert page.inner_text("#threshold") == "0.10"
    shot(page, "sample_nothing_above")


def test_decide_with_keys_then_history_and_undo(page: Any, base_url: str) -> None:
    # The batch has one pair above the threshold: the others are offered too, to judge one.
    open_review(page, base_url, below=True)
    wait_pair(page)
    same = different = None
    for _ in range(30):
        now = shown(page)
        if now == pair_of(NATIONAL, EARLIER) and same is None:
            page.keyboard.press("x")
            same = now
        elif now != pair_of(NATIONAL, EARLIER) and different is None:
            # Typing in the note decides nothing, even with x, n, u and s in it.
            before = get(base_url, "/api/admin/judgements")["total"]
            page.locator("#note").press_sequentially(XSS_NOTE)
            page.wait_for_timeout(300)
            assert shown(page) == now
            assert get(base_url, "/api/admin/judgements")["total"] == before
            if KYRGYZ in now:
                assert page.get_attribute("tr[data-field=country]", "class") == "conflict"
            shot(page, "note_typed")
            page.locator("#note").blur()
            page.keyboard.press("n")
            different = now
        else:
            page.keyboard.press("s")
        if same and different:
            break
        wait_other_pair(page, now)
    assert same is not None and different is not None, "the commission pair never came"
    # The history lists both decisions, newest first, the note as text.
    page.wait_for_function("document.querySelectorAll('#history li[data-seq]').length >= 2")
    items = get(base_url, "/api/admin/judgements")["items"]
    by_pair = {pair_of(j["a"], j["b"]): j for j in reversed(items)}
    assert by_pair[same]["decision"] == "same"
    assert by_pair[different]["decision"] == "different"
    assert by_pair[different]["note"] == XSS_NOTE
    seq_same, seq_diff = by_pair[same]["seq"], by_pair[different]["seq"]
    history = page.inner_text("#history")
    assert NATIONAL_NAME in history and EARLIER_NAME in history
    assert XSS_NOTE in history
    assert (
        page.evaluate("window.__xss") is None
        and page.query_selector("#pair img, #history img") is None
    )
    li_diff = page.locator(f"#history li[data-seq='{seq_diff}']")
    assert li_diff.get_attribute("data-state") == "current"
    assert li_diff.get_attribute("data-decision") == "different"
    li_same = page.locator(f"#history li[data-seq='{seq_same}']")
    assert li_same.get_attribute("data-decision") == "same"
    assert li_same.locator("button.merge").count() == 1
    shot(page, "history")
    # Undo the "different": the history says it is undone; the API has it gone too.
    li_diff.locator("button.undo").click()
    page.wait_for_selector(f"#history li[data-seq='{seq_diff}'][data-state=undone]")
    assert page.locator(f"#history li[data-seq='{seq_diff}'] button.undo").count() == 0
    items = get(base_url, "/api/admin/judgements")["items"]
    assert any(j["decision"] == "undone" and j["undoes"] == seq_diff for j in items)
    a, b = sorted(different)
    assert get(base_url, "/api/admin/candidates/pair", a=a, b=b)["judgement"] is None
    undone = get(base_url, "/api/admin/candidates", type="Organization", limit=200, min_score=0)[
        "items"
    ]
    assert different in {pair_of(p["a"]["id"], p["b"]["id"]) for p in undone}
    assert get(base_url, "/api/admin/candidates/pair", a=NATIONAL, b=EARLIER)["judgement"][
        "decision"
    ] == ("same")
    shot(page, "undone")
    # "change" on the undone pair opens it again; "n" judges it anew.
    page.locator(f"#history li[data-seq='{seq_diff}'] button.change").click()
    page.wait_for_function(
        "([a, b]) => { const p = document.getElementById('pair');"
        " return p.dataset.state === 'pair' && [p.dataset.a, p.dataset.b].sort().join(' ')"
        " === [a, b].join(' '); }",
        arg=[a, b],
    )
    assert "reopened" in page.inner_text("#pair h2")
    assert "Not judged yet" in page.inner_text("#pair .judged")
    page.keyboard.press("n")
    page.wait_for_function(
        "document.querySelectorAll('#history li[data-state=current][data-decision=different]')"
        ".length >= 1"
    )
    assert get(base_url, "/api/admin/candidates/pair", a=a, b=b)["judgement"]["decision"] == (
        "different"
    )
    assert page.outside == []


def test_narrow_screen_stacks_without_scrolling_sideways(browser: Any, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 420, "height": 900})
    pg = ctx.new_page()
    open_review(pg, base_url)
    pg.wait_for_selector("#pair[data-state=pair], #pair[data-state=empty]", timeout=20000)
    pg.wait_for_timeout(1500)  # the drawings settle
    assert pg.evaluate("document.documentElement.scrollWidth") <= 420
    pair, history = pg.locator("#pair").bounding_box(), pg.locator("#history").bounding_box()
    assert history["y"] >= pair["y"] + pair["height"] - 1
    shot(pg, "narrow")
    ctx.close()


def test_order_selector_asks_for_the_least_sure(page: Any, base_url: str) -> None:
    open_review(page, base_url)
    page.wait_for_selector("#pair[data-state=pair], #pair[data-state=empty]", timeout=20000)
    with page.expect_request(lambda r: "/api/admin/candidates?" in r.url) as req:
        page.select_option("#order", "uncertain")
    assert "order=uncertain" in req.value.url and "type=Organization" in req.value.url


def test_empty_state(page: Any, base_url: str) -> None:
    empty = {"total": 0, "items": []}
    page.route(
        "**/api/admin/candidates?*type=Person*",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(empty)
        ),
    )
    open_review(page, base_url)
    page.wait_for_selector("#pair[data-state=pair], #pair[data-state=empty]", timeout=20000)
    page.select_option("#type", "Person")
    page.wait_for_selector("#pair[data-state=empty]", timeout=20000)
    assert "No candidates left for Person" in page.inner_text("#pair")
    assert "0 candidate pairs left" in page.inner_text("#left")
    # No pair: the keys do nothing.
    page.keyboard.press("x")
    page.wait_for_timeout(200)
    assert page.get_attribute("#pair", "data-state") == "empty"
    shot(page, "empty")


def test_an_undo_after_the_last_pair_offers_it_again(page: Any, base_url: str) -> None:
    """When nothing is left to review, undoing a decision in the list asks the server again,
    so the pair it gave back is offered at once instead of "nothing left" staying on screen.
    (The first answer is made empty and the undo is answered without writing: the graph
    stays as the other tests leave it.)"""
    pair = next(iter(get(base_url, "/api/admin/candidates", min_score=0)["items"]))
    r = httpx.post(
        f"{base_url}/api/admin/judgements",
        json={"a": pair["a"]["id"], "b": pair["b"]["id"], "decision": "unsure"},
        headers=H,
    )
    assert r.status_code == 201, r.text
    judged = r.json()
    asked: list[str] = []

    def candidates(route: Any) -> None:
        asked.append(route.request.url)
        if len(asked) == 1:
            body = {"total": 0, "items": [], "below": 0, "minScore": 0.1}
            route.fulfill(status=200, content_type="application/json", body=json.dumps(body))
        else:
            route.continue_()

    undone = {**judged, "seq": judged["seq"] + 10_000, "decision": "undone"}
    page.route("**/api/admin/candidates?*", candidates)
    page.route(
        f"**/api/admin/judgements/{judged['seq']}/undo",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(undone)
        ),
    )
    try:
        open_review(page, base_url, below=True)
        page.wait_for_selector("#pair[data-state=empty]", timeout=20000)
        page.locator(f"#history li[data-seq='{judged['seq']}'] button.undo").click()
        page.wait_for_selector("#pair[data-state=pair]", timeout=20000)
        assert len(asked) >= 2
    finally:
        r = httpx.post(f"{base_url}/api/admin/judgements/{judged['seq']}/undo", headers=H)
        assert r.status_code == 201, r.text


def keep_national(page: Any) -> None:
    """The merge dialog, open, set to keep the national commission and drop its earlier name."""
    page.wait_for_selector("#merge[open] h3", timeout=20000)
    intro = page.inner_text("#merge-body p")
    if intro.index(NATIONAL) > intro.index(EARLIER):
        page.click("#merge-swap")
        page.wait_for_function(
            f"document.querySelector('#merge-body p')?.textContent.indexOf({NATIONAL!r}) <"
            f" document.querySelector('#merge-body p').textContent.indexOf({EARLIER!r})"
        )
    page.wait_for_selector("#merge[open] h3", timeout=20000)


def test_a_merge_that_moved_other_figures_than_its_preview_says_so(
    page: Any, base_url: str
) -> None:
    """The merge's answer (here made up: the graph changed between preview and merge) is set
    beside the preview, type by type, and the rows that differ are marked."""
    preview = get(base_url, "/api/admin/merge/preview", keep=NATIONAL, drop=EARLIER)
    moved = {**preview["moves"], "PARTICIPATED_IN": 2}
    moved[next(iter(preview["moves"]))] = 0
    made_up = {"keep": NATIONAL, "drop": EARLIER, "merge": 99, "moves": moved,
               "relationships": sum(moved.values())}  # fmt: skip
    page.route(
        "**/api/admin/merge",
        lambda route: (
            route.fulfill(status=200, content_type="application/json", body=json.dumps(made_up))
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    open_review(page, base_url)
    page.wait_for_selector("#history li[data-decision=same][data-state=current]", timeout=20000)
    page.locator("#history li[data-decision=same][data-state=current] button.merge").click()
    keep_national(page)
    page.click("#merge-confirm")
    page.wait_for_selector("#merge table.figures", timeout=20000)
    differs = page.locator("#merge table.figures tbody tr.differs")
    assert sorted(differs.evaluate_all("rs => rs.map((r) => r.dataset.type)")) == sorted(
        t for t in {*preview["moves"], *moved} if preview["moves"].get(t, 0) != moved.get(t, 0)
    )
    assert "other figures than its preview said" in page.inner_text("#merge-body")
    shot(page, "merge_figures_differ", full_page=False)
    page.click("#merge-close")
    # Nothing was merged (the answer was made up).
    assert all(m["drop"] != EARLIER for m in get(base_url, "/api/admin/merges")["items"])


def test_merge_the_pair_judged_same(page: Any, base_url: str) -> None:
    open_review(page, base_url)
    page.wait_for_selector("#history li[data-decision=same][data-state=current]", timeout=20000)
    page.locator("#history li[data-decision=same][data-state=current] button.merge").click()
    keep_national(page)
    preview = get(base_url, "/api/admin/merge/preview", keep=NATIONAL, drop=EARLIER)
    body = page.inner_text("#merge-body")
    assert f"What moves: {preview['relationships']} relationship" in body
    for rel, n in preview["moves"].items():
        assert rel in body and str(n) in body
    assert f"Conflicts ({len(preview['conflicts'])})" in body
    assert EARLIER_NAME in page.inner_text("#merge-body dl")
    shot(page, "merge_preview", full_page=False)
    page.click("#merge-confirm")
    page.wait_for_selector("#merge .result", timeout=20000)
    result = page.inner_text("#merge .result")
    assert "relationships moved" in result and "merge #" in result
    # What the merge moved, per type, beside what its preview said: the same figures.
    assert f"{preview['relationships']} relationships moved" in result
    for rel, n in preview["moves"].items():
        cells = page.locator(f"#merge table.figures tr[data-type={rel}] td").all_inner_texts()
        assert cells == [rel, str(n), str(n)], cells
    assert page.locator("#merge table.figures tr.differs").count() == 0
    total = str(preview["relationships"])
    assert page.locator("#merge table.figures tfoot td").all_inner_texts() == [total, total]
    shot(page, "merged", full_page=False)
    page.click("#merge-close")
    # The decision says it is merged now, and offers no second merge.
    same = page.locator("#history li[data-decision=same][data-state=current]")
    page.wait_for_selector("#history li[data-decision=same] .merged")
    assert same.locator("button.merge").count() == 0
    merges = get(base_url, "/api/admin/merges")["items"]
    assert any(m["keep"] == NATIONAL and m["drop"] == EARLIER for m in merges)
    record = httpx.get(base_url + f"/api/entities/{NATIONAL}").json()
    names = [*record["aliases"], *[o["name"] for o in record["otherNames"]]]
    assert EARLIER_NAME in names
    # The merged pair is gone from the candidates.
    left = get(base_url, "/api/admin/candidates", type="Organization", limit=200)["items"]
    assert pair_of(NATIONAL, EARLIER) not in {pair_of(p["a"]["id"], p["b"]["id"]) for p in left}
    # The explorer lists the 2012 event's organizer by its current name and by its name then.
    event = httpx.get(base_url + f"/api/entities/{EVENT_2012}").json()
    org = next(o for o in event["organizers"] if o["organization"]["id"] == NATIONAL)
    page.goto(base_url + f"/#center={EVENT_2012}&depth=1&view=net")
    page.wait_for_selector("#panel h3:text('Organizers')", timeout=20000)
    organizers = page.inner_text("#panel h3:text('Organizers') + ul")
    assert NATIONAL_NAME in organizers
    then = org.get("nameThen") or org["organization"].get("nameThen")
    assert then == EARLIER_NAME, org
    assert f"(then: {EARLIER_NAME})" in organizers
    shot(page, "explorer_name_then")


def test_undo_of_a_merged_same_unmerges_after_a_preview(page: Any, base_url: str) -> None:
    """ "undo" on a "same" that was merged shows what would come back, then unmerges: the
    dropped id is a record again, the decision is undone and the pair is a candidate again. A
    refused unmerge says why."""
    li = "#history li[data-decision=same][data-state=current]"
    merge = next(
        m
        for m in get(base_url, "/api/admin/merges")["items"]
        if m["drop"] == EARLIER and not m["undone"]
    )
    refusal = (
        f"{NATIONAL!r}, which {EARLIER!r} was merged into, was merged into 'org:x' since: "
        f"undo that merge first (unmerge {NATIONAL})"
    )
    preview_url = "**/api/admin/unmerge/preview?*"
    page.route(
        preview_url,
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps(
                {"drop": {"id": EARLIER}, "refused": refusal, "moves": {}, "relationships": 0}
            ),
        ),
    )
    open_review(page, base_url)
    page.wait_for_selector(f"{li} .merged", timeout=20000)
    seq = int(page.get_attribute(li, "data-seq") or 0)
    assert page.locator(f"{li} button.merge").count() == 0
    # Refused: the reason is said, and nothing can be confirmed.
    page.locator(f"{li} button.undo").click()
    page.wait_for_selector("#unmerge[open] .refused", timeout=20000)
    assert refusal in page.inner_text("#unmerge-body")
    assert page.is_disabled("#unmerge-confirm")
    shot(page, "unmerge_refused", full_page=False)
    page.click("#unmerge-close")
    page.unroute(preview_url)
    # The preview: what comes back, per type, as the API says it; nothing is undone yet.
    expected = get(base_url, "/api/admin/unmerge/preview", drop=EARLIER)
    assert expected["refused"] is None and expected["merge"] == merge["seq"]
    page.locator(f"{li} button.undo").click()
    page.wait_for_selector("#unmerge[open] table.figures", timeout=20000)
    body = " ".join(page.inner_text("#unmerge-body").split())
    assert f"Undoing decision #{seq} (same) undoes merge #{merge['seq']} too" in body
    assert EARLIER_NAME in body and NATIONAL_NAME in body
    assert f"What comes back to it: {expected['relationships']} relationship" in body
    for rel, n in expected["moves"].items():
        cells = page.locator(f"#unmerge table.figures tr[data-type={rel}] td").all_inner_texts()
        assert cells == [rel, str(n)], cells
    assert page.is_enabled("#unmerge-confirm")
    assert httpx.get(base_url + f"/api/entities/{EARLIER}").status_code == 308
    shot(page, "unmerge_preview", full_page=False)
    # Refused when confirmed (the graph changed meanwhile): said in the dialog.
    page.route(
        "**/api/admin/unmerge",
        lambda route: route.fulfill(
            status=422, content_type="application/json", body=json.dumps({"detail": refusal})
        ),
    )
    page.click("#unmerge-confirm")
    page.wait_for_selector("#unmerge .error.refused", timeout=20000)
    assert "The unmerge was refused: " + refusal in page.inner_text("#unmerge-body")
    page.unroute("**/api/admin/unmerge")
    assert httpx.get(base_url + f"/api/entities/{EARLIER}").status_code == 308
    page.click("#unmerge-close")
    # Confirmed: the record is back, the decision undone.
    page.locator(f"{li} button.undo").click()
    page.wait_for_selector("#unmerge[open] table.figures", timeout=20000)
    page.click("#unmerge-confirm")
    page.wait_for_selector("#unmerge .result", timeout=20000)
    result = " ".join(page.inner_text("#unmerge .result").split())
    assert f"{EARLIER_NAME} is a record of its own again, split from {NATIONAL_NAME}" in result
    assert f"(merge #{merge['seq']} undone). Decision #{seq} is undone." in result
    for rel, n in expected["moves"].items():
        row = page.locator(f"#unmerge table.figures tr[data-type={rel}] td").all_inner_texts()
        assert row[:2] == [rel, str(n)], row
    shot(page, "unmerged", full_page=False)
    record = httpx.get(base_url + f"/api/entities/{EARLIER}")
    assert record.status_code == 200 and record.json()["id"] == EARLIER
    assert next(m for m in get(base_url, "/api/admin/merges")["items"] if m["seq"] == merge["seq"])[
        "undone"
    ]
    page.click("#unmerge-close")
    page.wait_for_selector(f"#history li[data-seq='{seq}'][data-state=undone]", timeout=20000)
    assert get(base_url, "/api/admin/candidates/pair", a=NATIONAL, b=EARLIER)["judgement"] is None
    # The pair is offered again (the strongest candidate).
    page.wait_for_function(
        "([a, b]) => { const p = document.getElementById('pair');"
        " return p.dataset.state === 'pair' && [p.dataset.a, p.dataset.b].sort().join(' ')"
        " === [a, b].join(' '); }",
        arg=sorted([NATIONAL, EARLIER]),
        timeout=20000,
    )
    shot(page, "after_unmerge")
    assert page.outside == []


def test_explorer_shows_name_then_only_when_given(page: Any, base_url: str) -> None:
    """The details panel adds "(then: …)" beside an organizer's and an event's names when the
    API gives `nameThen`, as text (checked on answers given that field)."""
    trap = '<img src=x onerror="window.__xss=1">'

    def with_name_then(route: Any) -> None:
        body = route.fetch().json()
        for o in body.get("organizers", []):
            if o["organization"]["id"] == "org:iom":
                o["nameThen"] = "IOM (then) " + trap
        for e in body.get("events", []):
            e["nameThen"] = "Former IOM"
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    def record_of(entity: str) -> Any:
        path = "/api/entities/" + quote(entity, safe="")
        return lambda url: httpx.URL(url).raw_path.decode().split("?")[0] == path

    event = record_of("event:senate-conference-07-30")
    page.route(event, with_name_then)
    page.goto(base_url + "/#center=event:senate-conference-07-30&depth=1&view=net")
    page.wait_for_selector("#panel h3:text('Organizers')", timeout=20000)
    organizers = page.inner_text("#panel h3:text('Organizers') + ul")
    assert f"(then: IOM (then) {trap})" in organizers
    assert organizers.count("(then:") == 1
    assert page.evaluate("window.__xss") is None and page.query_selector("#panel img") is None
    page.unroute(event)
    page.route(record_of("org:iom"), with_name_then)
    page.goto(base_url + "/#center=org:iom&depth=1&view=net")
    page.wait_for_selector("#panel h3:text('Events')", timeout=20000)
    assert "(then: Former IOM)" in page.inner_text("#panel h3:text('Events') + ul")
