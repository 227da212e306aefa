"""The web page in a real Chromium, against the real app and the sample data."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from ctgraph.store import EmbeddedServer
from ctgraph.store.falkordb import FalkorStore

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = pytest.mark.browser
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=1</script>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sample_with_traps(tmp: Path) -> Path:
    data = tmp / "data"
    shutil.copytree(ROOT / "data" / "sample", data)
    with (data / "organizations.csv").open("a", encoding="utf-8") as f:
        quoted = XSS_IMG.replace('"', '""')
        f.write(f'org:trap-img,"{quoted}",{XSS_SCRIPT},ngo,uz,,source:osce-2019-11-26\n')
    with (data / "affiliations.csv").open("a", encoding="utf-8") as f:
        f.write("person:ulugbek-gainazarov,org:trap-img,Adviser,,,source:osce-2019-11-26\n")
    return data


def load_graph(server: EmbeddedServer, graph: str, files: list[Path]) -> None:
    """Loads files into a graph of the session's database (from a thread of its own: the test
    session's event loop is already running)."""
    from ctgraph.loaders import LoadOptions, load_paths

    async def load() -> None:
        st = FalkorStore(str(server.socket), graph)
        await st.ensure_schema()
        report = await load_paths(st, files, LoadOptions())
        await st.close()
        assert report.ok, report

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, load()).result()


@contextlib.contextmanager
def site(home: Path, graph: str, **extra: str) -> Iterator[str]:
    """ctgraph's app served on a free port over one graph; its address."""
    port = free_port()
    env = {
        **os.environ,
        "CTGRAPH_HOME": str(home),
        "CTGRAPH_GRAPH": graph,
        "CTGRAPH_LOAD_SAMPLE": "false",
        **extra,
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "ctgraph.api.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code < 500:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def base_url(
    server: EmbeddedServer, home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    graph = f"browser-{uuid.uuid4().hex[:8]}"
    data = sample_with_traps(tmp_path_factory.mktemp("browser"))
    load_graph(server, graph, sorted(data.glob("*.csv")))
    # Small lists, so the sample's records show the "N more" of a long list.
    with site(home, graph, CTGRAPH_ENTITY_LIST_LIMIT="2") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert Path(CHROMIUM).exists(), (
        "Chromium is missing: install it with `apt-get update && apt-get install -y chromium`"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = ctx.new_page()
    pg.outside = []
    pg.dialogs = []

    def guard(route: Any) -> None:
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            pg.outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ctx.close()


def shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def pick(pg: Any, box: str, text: str) -> None:
    """Types in a search box and picks the first suggestion by keyboard."""
    pg.fill(box, text)
    pg.wait_for_selector(f"{box} + .suggest li[role=option]:not([aria-disabled])")
    pg.focus(box)
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")


def choose(pg: Any, base_url: str, text: str) -> None:
    pg.goto(base_url + "/")
    pg.wait_for_function("document.body.dataset.stable === '1'", timeout=20000)
    pick(pg, "#q", text)
    pg.wait_for_function("document.body.dataset.view === 'net'")
    pg.wait_for_selector("#panel h2:not(:text('Who works'))")


def test_search_choose_panel(page: Any, base_url: str) -> None:
    choose(page, base_url, "iom")
    page.wait_for_function("document.body.dataset.stable === '1'", timeout=20000)
    panel = page.inner_text("#panel")
    assert "International Organization for Migration" in panel
    assert "Organization" in panel
    # The facts: aliases, the event it organized (its item gives no date: the 30 July it names
    # is the day the World Day is observed), the co-organizers with shared events, and the
    # sources behind them.
    assert "UN Migration" in panel
    assert "Global challenges in combating human trafficking" in panel
    assert "date unknown" in panel and "30 July" not in panel
    assert "National Commission of the Republic of Uzbekistan" in panel
    assert "1 shared event, dates unknown" in panel
    # Every fact's sources are links to the source's page, by its title.
    link = page.locator("#panel a[href*='source%3Alea-senate-conference']").first
    assert "An Academy representative delivered a speech" in link.inner_text()
    assert "#" in page.url and "center=org%3Aiom" in page.url
    shot(page, "search-panel")
    assert page.outside == []


def test_expand_adds_nodes(page: Any, base_url: str) -> None:
    page.goto(base_url + "/#center=org:iom&depth=1&view=net")
    page.wait_for_function("document.body.dataset.stable === '1'", timeout=20000)
    before = page.evaluate("ctgraph.graph.order")
    page.evaluate("ctgraph.expand('org:odihr')")
    page.wait_for_function(f"ctgraph.graph.order > {before}")
    # The expansion is in the address: a link redraws it.
    assert "expanded=org%3Aodihr" in page.url
    shot(page, "expand")


def test_year_filter_changes_view(page: Any, base_url: str) -> None:
    page.goto(base_url + "/#center=org:iom&depth=2&view=net")
    page.wait_for_function("document.body.dataset.stable === '1'", timeout=20000)
    full = page.inner_text("#status")
    page.goto(base_url + "/#center=org:iom&depth=2&view=net&from=2030&to=2031")
    page.wait_for_timeout(1500)
    assert page.inner_text("#status") != full


def test_path_between_two_actors(page: Any, base_url: str) -> None:
    page.goto(base_url + "/#view=path&pfrom=org:iom&pto=org:odihr")
    page.wait_for_selector("#panel h3", timeout=20000)
    assert "Path 1" in page.inner_text("#panel")
    shot(page, "path")


def test_permalink_restores(page: Any, base_url: str) -> None:
    choose(page, base_url, "iom")
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector("#panel h2")
    assert "International Organization for Migration" in page.inner_text("#panel")


def test_hostile_names_are_text(page: Any, base_url: str) -> None:
    page.goto(base_url + "/#center=org:trap-img&depth=1&view=net")
    page.wait_for_selector("#panel h2", timeout=20000)
    page.wait_for_timeout(1000)
    assert page.inner_text("#panel h2") == XSS_IMG
    assert XSS_SCRIPT in page.inner_text("#panel")
    page.fill("#q", "img")
    page.wait_for_timeout(800)
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []
    assert page.query_selector("#panel img") is None
    shot(page, "hostile-names")


def test_long_lists_show_the_rest_on_demand(page: Any, base_url: str) -> None:
    page.goto(base_url + "/#center=org:uz-national-commission&depth=1&view=net")
    page.wait_for_selector("#panel button.more", timeout=20000)
    more = page.inner_text("#panel button.more")
    shown = page.locator("#panel h3:text('Co-organizers') + ul li").count()
    assert shown == 2 and "more" in more
    total = int(more.rsplit(" ", 1)[1])
    page.click("#panel h3:text('Co-organizers') + ul + button.more")
    page.wait_for_function(
        f"document.querySelectorAll('#panel h3 + ul li').length > {shown} && "
        "!document.querySelector('#panel button.more')"
    )
    assert page.locator("#panel h3:text('Co-organizers') + ul li").count() == total
    shot(page, "long-list")


def test_page_reads_the_vocabulary(page: Any, base_url: str) -> None:
    vocab = httpx.get(base_url + "/api/vocabulary").json()
    page.goto(base_url + "/#center=org:iom&depth=1&view=net")
    page.wait_for_selector("#panel h2", timeout=20000)
    # One type checkbox per node type, checked for the default view's types.
    boxes = page.eval_on_selector_all(
        "input[name=type]", "cs => cs.map((c) => [c.value, c.checked])"
    )
    assert boxes == [[n["label"], n["label"] in vocab["defaultViewTypes"]] for n in vocab["nodes"]]
    assert page.is_checked("input[name=type][value=Organization]")
    assert not page.is_checked("input[name=type][value=Source]")
    # The legend: node types' display names and colours, relationship types' display names.
    legend = page.inner_text("#legend")
    for n in vocab["nodes"]:
        assert n["display"] in legend
    for r in vocab["relationships"]:
        assert r["display"] in legend
    colours = page.eval_on_selector_all("#legend i", "is => is.map((i) => i.style.background)")
    assert len(colours) == len(vocab["nodes"])
    # The panel names properties by their display names and hides the internal ones.
    org = next(n for n in vocab["nodes"] if n["label"] == "Organization")
    kind = next(p["display"] for p in org["properties"] if p["name"] == "kind")
    terms = page.eval_on_selector_all("#panel dt", "ds => ds.map((d) => d.textContent)")
    assert kind in terms
    for hidden in [*vocab["internalProperties"], "name", "id", "kind", "sourceIds"]:
        assert hidden not in terms
    assert page.outside == []


def test_type_filter_redraws(page: Any, base_url: str) -> None:
    page.goto(base_url + "/#center=org:iom&depth=2&view=net")
    page.wait_for_function("document.body.dataset.stable === '1'", timeout=20000)
    people = "ctgraph.graph.filterNodes((n, a) => a.kind === 'Person').length"
    assert page.evaluate(people) > 0
    page.uncheck("input[name=type][value=Person]")
    page.wait_for_function(f"{people} === 0 && document.body.dataset.stable === '1'")
    assert "types=Organization%2CEvent" in page.url or "types=Organization,Event" in page.url


def test_page_modules_are_javascript(base_url: str) -> None:
    r = httpx.get(base_url + "/static/js/main.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    index = httpx.get(base_url + "/").text
    assert '<script type="module" src="/static/js/main.js">' in index
    for bad in ("nope.js", "main.css", "..%2Fapp.css", "%2E%2E%2Findex.html", "Main.js"):
        assert httpx.get(base_url + "/static/js/" + bad).status_code == 404, bad


def test_narrow_screen_stacks_network_and_panel(browser: Any, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 400, "height": 800})
    pg = ctx.new_page()
    pg.goto(base_url + "/#center=org:iom&depth=1&view=net")
    pg.wait_for_selector("#panel h2", timeout=20000)
    net, panel = pg.locator("#net").bounding_box(), pg.locator("#panel").bounding_box()
    assert net["width"] >= 380 and net["height"] >= 300
    assert panel["y"] >= net["y"] + net["height"] - 1
    assert pg.evaluate("document.documentElement.scrollWidth") <= 400
    shot(pg, "narrow")
    ctx.close()


def test_details_panel_lists_the_records_history(page: Any, base_url: str) -> None:
    choose(page, base_url, "iom")
    page.wait_for_selector("#panel h3:text('History')", timeout=20000)
    text = page.inner_text("#panel")
    assert "create organizations" in text and "organizations.csv:" in text
