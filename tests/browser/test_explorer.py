"""The researcher's page in a real Chromium (WebGL in software), on the sample: finding by name,
the views drawn by sigma.js with labels that never overlap, stable positions and citable
permalinks, the time axis, sources' pages, every state designed, keyboard and phone sizes,
and no request leaving the machine. Screenshots go to test-artifacts/ at 1400 and 400 px."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ctgraph.core.resources import resource_dir
from ctgraph.store import EmbeddedServer
from tests.browser.test_page import ARGS, CHROMIUM, ROOT, load_graph, pick, shot, site

pytestmark = pytest.mark.browser
STABLE = "document.body.dataset.stable === '1'"
VIEWS = {
    "net": "#view=net&center=org:iom&depth=2",
    "coorg": "#view=coorg",
    "path": "#view=path&pfrom=person:kevin-hyland&pto=person:l-kh-isakov",
    "source": "#view=source&source=source:osce-2019-11-26",
}


def open_view(pg: Any, url: str) -> None:
    pg.goto(url)
    pg.wait_for_function(STABLE, timeout=30000)
    pg.wait_for_timeout(300)


def context(browser: Any, width: int) -> Any:
    ctx = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 800})
    outside: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    ctx.outside = outside
    return ctx


def test_vendored_libraries_are_the_published_ones(base_url: str) -> None:
    folder = resource_dir("static") / "vendor"
    manifest = json.loads((folder / "vendor.json").read_text(encoding="utf-8"))
    names = {f["package"]: f for f in manifest["files"]}
    assert names["sigma"]["version"].startswith("4.")
    assert set(names) == {"sigma", "graphology", "graphology-library"}
    index = httpx.get(base_url + "/").text
    for f in manifest["files"]:
        body = (folder / f["file"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == f["sha256"], f["file"]
        assert "Permission is hereby granted" in (folder / f["licenseFile"]).read_text(
            encoding="utf-8"
        )
        assert f'src="/static/vendor/{f["file"]}"' in index
        served = httpx.get(base_url + "/static/vendor/" + f["file"])
        assert served.status_code == 200 and served.content == body
        assert served.headers["content-type"].startswith("text/javascript")
    assert "vis-network" not in index and "cdn" not in index.lower()


def test_every_view_draws_in_webgl_with_no_label_overlapping(browser: Any, base_url: str) -> None:
    errors: list[str] = []
    for width in (1400, 400):
        ctx = context(browser, width)
        pg = ctx.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        for name, hash_ in VIEWS.items():
            open_view(pg, base_url + "/" + hash_)
            assert pg.evaluate("ctgraph.sigma() !== null")
            assert pg.locator("#net canvas").count() >= 1
            shown = pg.evaluate("ctgraph.graph.filterNodes((n, a) => !a.hidden).length")
            boxes = pg.evaluate("ctgraph.labelBoxes()")
            assert shown >= 5, name
            # Most nodes carry their label; those hidden would overlap one kept.
            assert len(boxes) >= (0.6 if width > 500 else 0.4) * shown, (name, width, boxes)
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    apart = (
                        a["x"] + a["w"] <= b["x"]
                        or b["x"] + b["w"] <= a["x"]
                        or a["y"] + a["h"] <= b["y"]
                        or b["y"] + b["h"] <= a["y"]
                    )
                    assert apart, (name, width, a, b)
                assert a["x"] >= 0 and a["x"] + a["w"] <= width + 1, (name, a)
            shot(pg, f"view-{name}-{width}")
        assert errors == []
        assert ctx.outside == []
        ctx.close()


def test_paths_are_found_by_name(page: Any, base_url: str) -> None:
    open_view(page, base_url + "/#view=path")
    pick(page, "#pfrom", "Kevin Hyland")
    pick(page, "#pto", "Isakov")
    page.click("#btn-path")
    page.wait_for_selector("#panel h3 button", timeout=20000)
    heading = page.inner_text("#panel h2")
    assert heading == "Paths from Kevin Hyland to L.Kh. Isakov"
    assert "pfrom=person%3Akevin-hyland" in page.url and "pto=person%3Al-kh-isakov" in page.url
    # The first path is marked in the drawing.
    marked = page.evaluate(
        "ctgraph.graph.filterNodes((n) => ctgraph.sigma().getNodeState(n).isHighlighted)"
    )
    assert "person:kevin-hyland" in marked and "person:l-kh-isakov" in marked
    # A link to an actor centres on it: the address then holds that view alone, no path ends.
    page.locator("#panel ol a:has-text('Kevin Hyland')").first.click()
    page.wait_for_function("location.hash.includes('view=net')")
    assert "pfrom" not in page.url and "center=person%3Akevin-hyland" in page.url
    open_view(page, base_url + "/#view=path&pfrom=person:kevin-hyland&pto=person:l-kh-isakov")
    # A name typed but not picked is not a path end: the page says what to do.
    page.fill("#pto", "nobody at all")
    page.click("#btn-path")
    assert "Choose both ends from the suggestions" in page.inner_text("#status")
    assert page.outside == []


def test_a_name_matching_nothing_says_so(page: Any, base_url: str) -> None:
    open_view(page, base_url + "/")
    page.fill("#q", "zzzqqq")
    page.wait_for_selector("#q + .suggest li[aria-disabled]")
    assert "Nothing is named like" in page.inner_text("#q + .suggest")


def test_year_filter_counts_undated_links_and_shows_them(page: Any, base_url: str) -> None:
    open_view(page, base_url + "/#view=coorg")
    whole = page.evaluate("ctgraph.graph.size")
    # Nothing chosen: the years are empty, not set to the data's range behind one's back.
    assert page.input_value("#yfrom") == "" and page.input_value("#yto") == ""
    page.select_option("#size", "betweenness")
    page.wait_for_function(STABLE)
    assert page.input_value("#yfrom") == "" and "from=" not in page.url
    open_view(page, base_url + "/#view=coorg&from=2019&to=2019")
    status = page.inner_text("#status")
    assert "3 links have no dated event and are left out of this period" in status
    assert page.evaluate("ctgraph.graph.size") == whole - 3
    page.click("#status button:text('Show them')")
    page.wait_for_function(f"ctgraph.graph.size === {whole}")
    page.wait_for_function(STABLE)
    assert "undated=1" in page.url
    assert "shown" in page.inner_text("#status")


def test_coorg_view_explains_itself(page: Any, base_url: str) -> None:
    co = httpx.get(base_url + "/api/graph/co-organization").json()
    open_view(page, base_url + "/#view=coorg&size=betweenness")
    panel = page.inner_text("#panel")
    assert "Top organizations by betweenness" in panel
    best = max(co["nodes"], key=lambda n: n["betweenness"])
    first = page.inner_text("#panel ol.top li:first-child")
    assert best["properties"]["name"] in first
    # Size follows the measure: the most between is drawn largest.
    sizes = page.evaluate("ctgraph.graph.mapNodes((n, a) => [n, a.size])")
    assert max(sizes, key=lambda s: s[1])[0] == best["id"]
    # Colour by community, with the legend's scale.
    assert "communities (Louvain)" in panel or "community (Louvain)" in panel
    legend = page.inner_text("#legend")
    assert "Colour: community" in legend and "Size: betweenness" in legend
    colours = page.evaluate("new Set(ctgraph.graph.mapNodes((n, a) => a.color)).size")
    assert colours >= 2
    # Co-organization is drawn without arrows.
    heads = page.evaluate("ctgraph.graph.mapEdges((e, a) => a.head)")
    assert set(heads) == {"none"}
    # Focus on one organization: the others fade.
    pick(page, "#focus", "IOM")
    page.wait_for_function("ctgraph.graph.filterNodes((n, a) => a.faded).length > 0")
    assert not page.evaluate("ctgraph.graph.getNodeAttribute('org:iom', 'faded')")


def test_permalink_restores_the_same_picture(browser: Any, base_url: str) -> None:
    ctx = context(browser, 1400)
    pg = ctx.new_page()
    open_view(pg, base_url + "/#view=net&center=org:iom&depth=1&types=Organization,Event,Person")
    pg.evaluate("ctgraph.expand('org:uz-national-commission')")
    pg.wait_for_function("location.hash.includes('expanded=')")
    pg.wait_for_function(STABLE)
    pg.wait_for_timeout(500)
    pg.click("#btn-link")
    pg.wait_for_function("location.hash.includes('gen=')")
    url = pg.url
    before = pg.evaluate("ctgraph.positions()")
    camera = pg.evaluate("ctgraph.cameraText()")
    assert "cam=" in url and "expanded=org%3Auz-national-commission" in url
    other = ctx.new_page()
    open_view(other, url)
    other.wait_for_timeout(500)
    assert other.evaluate("ctgraph.positions()") == before
    assert other.evaluate("ctgraph.cameraText()") == camera
    assert other.input_value("#q") == "International Organization for Migration"
    # Nothing was written since: the page says so.
    other.wait_for_selector("#changes:not([hidden])")
    assert "Nothing changed since this view was cited" in other.inner_text("#changes")
    ctx.close()


@pytest.fixture
def own_site(server: EmbeddedServer, home: Path) -> Iterator[tuple[str, str]]:
    graph = f"browser-own-{uuid.uuid4().hex[:8]}"
    load_graph(server, graph, [ROOT / "data" / "sample"])
    with site(home, graph) as url:
        yield url, graph


def test_a_permalink_followed_by_a_load_says_what_changed(
    browser: Any, own_site: tuple[str, str], server: EmbeddedServer, tmp_path: Path
) -> None:
    url, graph = own_site
    ctx = context(browser, 1400)
    pg = ctx.new_page()
    open_view(pg, url + "/#view=coorg")
    pg.click("#btn-link")
    pg.wait_for_function("location.hash.includes('gen=')")
    cited = pg.url
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "organizations.csv").write_text(
        "id,name,aliases,kind,country,parentId,sourceIds\n"
        "org:new-shelter,New Shelter Network,,ngo,uz,,source:osce-2019-11-26\n",
        encoding="utf-8",
    )
    load_graph(server, graph, [batch])
    later = ctx.new_page()
    open_view(later, cited)
    later.wait_for_selector("#changes:not([hidden])")
    text = later.inner_text("#changes")
    assert "The data changed since this view was cited" in text
    assert "1 record added" in text
    # The record is named, and is a link to it.
    later.wait_for_function(
        "[...document.querySelectorAll('#changes a')].some((a) => "
        "a.textContent === 'New Shelter Network' && a.hash.includes('org%3Anew-shelter'))"
    )
    shot(later, "permalink-changes")
    assert ctx.outside == []
    ctx.close()


def test_time_axis_and_play(page: Any, base_url: str) -> None:
    timeline = httpx.get(base_url + "/api/timeline").json()
    open_view(page, base_url + "/#view=coorg")
    bars = page.locator("#histogram .bar")
    assert bars.count() == len(timeline["years"])
    assert "1 event of unknown year" in page.inner_text("#time-note")
    page.click("#play")
    page.wait_for_function("document.getElementById('year-now').textContent === '2019'")
    assert page.inner_text("#status").startswith("2019: 5 organizations, 10 links")
    # Positions stay while the years play.
    page.wait_for_function("document.getElementById('play').textContent === 'Play years'")
    # A bar chooses its year.
    bars.first.click()
    page.wait_for_function("location.hash.includes('from=2019')")
    page.wait_for_function(STABLE)
    assert page.input_value("#yfrom") == "2019"


def test_source_page_lists_what_it_supports(page: Any, base_url: str) -> None:
    choose_url = base_url + "/#view=net&center=org:odihr&depth=1"
    open_view(page, choose_url)
    page.click("#panel a[href*='source%3Aosce-2019-11-26']")
    page.wait_for_function("location.hash.includes('view=source')")
    page.wait_for_selector("#panel h3:text('Facts')")
    panel = page.inner_text("#panel")
    assert panel.startswith("Strengthening Organizational and Legal Mechanisms")
    assert "OSCE" in panel and "records cite it" in panel
    assert "OSCE Office for Democratic Institutions and Human Rights organized" in panel
    shot(page, "source-page")


def test_errors_say_what_to_do(page: Any, base_url: str) -> None:
    open_view(page, base_url + "/#view=net&center=org:nope")
    panel = page.inner_text("#panel")
    assert "could not be shown" in panel
    assert "No entity with id 'org:nope'" in panel and "find it by name" in panel
    assert "{" not in panel and "detail" not in panel
    # An expansion that finds nothing new says so.
    open_view(page, base_url + "/#view=net&center=org:iom&depth=2")
    page.evaluate("ctgraph.expand('org:uz-senate')")
    page.wait_for_function("document.getElementById('status').textContent.includes('Expanded')")
    assert "already shown" in page.inner_text("#status") or "added" in page.inner_text("#status")


def test_keyboard_reaches_the_shown_nodes(page: Any, base_url: str) -> None:
    open_view(page, base_url + "/#view=coorg")
    page.click("#shown summary")
    items = page.locator("#shown-list button")
    assert items.count() == page.evaluate("ctgraph.graph.order")
    items.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel h3:text('Co-organizers')")
    chosen = page.inner_text("#panel h2")
    assert chosen in page.inner_text("#shown-list")


def test_exports_are_offered_for_the_view(page: Any, base_url: str) -> None:
    open_view(page, base_url + "/#view=coorg")
    page.click("#exports summary")
    links = page.eval_on_selector_all("#export-links a", "as => as.map((a) => a.href)")
    assert len(links) == 5
    for href in links:
        r = httpx.get(href)
        assert r.status_code == 200, href
    with page.expect_download() as got:
        page.click("#export-links button:text('PNG of the view')")
    path = got.value.path()
    head = Path(path).read_bytes()[:8]
    assert head == b"\x89PNG\r\n\x1a\n"


def test_without_webgl_the_page_says_so_and_lists_the_nodes(browser: Any, base_url: str) -> None:
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=[*ARGS, "--disable-webgl"])
    try:
        pg = b.new_page()
        pg.goto(base_url + "/#view=coorg")
        pg.wait_for_function(STABLE, timeout=30000)
        assert pg.is_visible("#net-msg")
        assert "cannot draw WebGL2" in pg.inner_text("#net-msg")
        pg.click("#shown summary")
        assert pg.locator("#shown-list button").count() >= 5
        assert "Co-organization network" in pg.inner_text("#panel")
    finally:
        b.close()


CONTRAST_JS = """() => {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const alpha = (c) => { const m = c.match(/[\\d.]+/g); return m.length > 3 ? Number(m[3]) : 1; };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (alpha(bg) > 0.5) return bg;
    }
    return "rgb(255, 255, 255)";
  };
  const low = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!el.offsetParent && el.tagName !== "BODY") continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const fg = getComputedStyle(el).color;
    const a = lum(fg), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push([el.tagName, el.textContent.trim().slice(0, 30), ratio.toFixed(2)]);
  }
  return low;
}"""


def test_text_contrast_meets_wcag_aa(page: Any, base_url: str) -> None:
    for hash_ in [*VIEWS.values(), "#view=coorg&from=2019&to=2019"]:
        open_view(page, base_url + "/" + hash_)
        page.click("#exports summary")
        assert page.evaluate(CONTRAST_JS) == [], hash_


@pytest.fixture
def slow_site(server: EmbeddedServer, home: Path) -> Iterator[str]:
    """The sample served with a heavy-work budget nothing fits in: every view answers 408."""
    graph = f"browser-slow-{uuid.uuid4().hex[:8]}"
    load_graph(server, graph, [ROOT / "data" / "sample"])
    with site(home, graph, CTGRAPH_HEAVY_TIMEOUT_S="0.001") as url:
        yield url


def test_a_view_too_large_to_gather_says_what_to_ask_instead(page: Any, slow_site: str) -> None:
    page.goto(slow_site + "/#view=net&center=org:iom&depth=2")
    page.wait_for_function(STABLE, timeout=30000)
    panel = page.inner_text("#panel")
    assert "could not be shown" in panel and "took too long" in panel
    assert "A hub's neighbourhood is large; ask for less" in panel
    page.click("#panel button:text('Depth 1 (its direct neighbours)')")
    page.wait_for_function(
        "location.hash.includes('center=') && !location.hash.includes('depth=2')"
    )
    page.wait_for_function(STABLE)
    assert page.input_value("#depth") == "1"


def test_dates_keep_their_precision_and_the_source_page_its_types(
    browser: Any, own_site: tuple[str, str], server: EmbeddedServer, tmp_path: Path
) -> None:
    url, graph = own_site
    batch = tmp_path / "years"
    batch.mkdir()
    (batch / "events.csv").write_text(
        "id,name,kind,startDate,endDate,datePrecision,monthDay,city,country,venue,"
        "participantsCount,occasion,sourceIds\n"
        "event:bishkek-2016,Regional meeting in Bishkek,meeting,2016,,year,,Bishkek,kg,,,,"
        "source:osce-2019-11-26\n",
        encoding="utf-8",
    )
    (batch / "organized.csv").write_text(
        "organizationId,eventId,role,sourceIds\n"
        "org:iom,event:bishkek-2016,organizer,source:osce-2019-11-26\n",
        encoding="utf-8",
    )
    load_graph(server, graph, [batch])
    ctx = context(browser, 1400)
    pg = ctx.new_page()
    open_view(pg, url + "/#view=net&center=event:bishkek-2016")
    dates = pg.inner_text("#panel dl")
    assert "2016" in dates and "January" not in dates
    open_view(pg, url + "/#view=net&center=org:iom")
    events = pg.inner_text("#panel h3:text('Events') + ul")
    assert "2016 · Regional meeting in Bishkek" in events
    # A source's page draws each record as what it is: organizations, people, events.
    open_view(pg, url + "/#view=source&source=source:osce-2019-11-26")
    kinds = pg.evaluate(
        "ctgraph.graph.reduceNodes((acc, n, a) => { acc[a.kind] = (acc[a.kind] || 0) + 1; "
        "return acc; }, {})"
    )
    facts = httpx.get(url + "/api/sources/source:osce-2019-11-26/facts").json()
    types = {e["id"]: e["type"] for e in facts["entities"]}
    for f in facts["relationships"]:
        types.update({f["source"]: f["sourceType"], f["target"]: f["targetType"]})
    expected: dict[str, int] = {"Source": 1}
    for t in types.values():
        expected[t] = expected.get(t, 0) + 1
    assert kinds == expected and expected["Person"] >= 5 and expected["Organization"] >= 10
    # Back returns to the view before.
    pg.go_back()
    pg.wait_for_function("location.hash.includes('center=org%3Aiom')")
    pg.wait_for_function(STABLE)
    assert pg.inner_text("#panel h2") == "International Organization for Migration"
    ctx.close()


def test_chosen_years_show_on_the_axis_and_an_empty_period_is_explained(
    page: Any, base_url: str
) -> None:
    open_view(page, base_url + "/#view=coorg&from=2030&to=2031")
    assert "No two organizations organized an event together in 2030–2031" in page.inner_text(
        "#status"
    )
    assert page.locator("#histogram .bar.chosen").count() == 0
    open_view(page, base_url + "/#view=coorg&from=2019&to=2019")
    assert page.locator("#histogram .bar.chosen").count() == 1
    open_view(page, base_url + "/#view=coorg&from=2021&to=2019")
    assert "The years run backwards" in page.inner_text("#status")


@pytest.fixture
def hub_site(server: EmbeddedServer, home: Path, tmp_path: Path) -> Iterator[str]:
    """A small centre whose co-organizer is a hub agency at 400 events."""
    import sys

    sys.path.insert(0, str(ROOT))
    from bench.hub import write

    write(tmp_path / "hub", 400)
    graph = f"browser-hub-{uuid.uuid4().hex[:8]}"
    load_graph(server, graph, [tmp_path / "hub"])
    with site(home, graph) as url:
        yield url


def test_a_hub_on_the_way_is_read_no_further_than_its_cap(page: Any, hub_site: str) -> None:
    """The small centre's neighbourhood at depth 2 shows the hub's latest events, not all 400,
    and says that links of busy nodes were not read and how to see them."""
    open_view(page, hub_site + "/#view=net&center=org:small&depth=2")
    said = page.inner_text("#status")
    assert "links of busy nodes not read" in said and "expand one to see its own" in said, said
    body = httpx.get(
        hub_site + "/api/graph/neighborhood", params={"id": "org:small", "depth": 2}, timeout=30
    ).json()
    assert body["capped"]["ORGANIZED"] == 401 - 100, body["capped"]
    # The hub's 100 latest events: the small meeting (2024) and 99 of its own trainings.
    assert sum(1 for n in body["nodes"] if n["id"].startswith("event:")) == 100
    shot(page, "explorer_hub")
