"""Time to the first stable, interactive drawing in headless Chromium: ours vs pyvis stock.

Run: python bench/viz.py   (needs /usr/bin/chromium). Last line: one JSON object.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyvis.network import Network  # noqa: E402

from ctgraph.api import viz  # noqa: E402

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TYPES = ["Organization", "Person", "Event"]
READY_JS = "window.__ready === true"
STOCK_JS = "window.__ready === true"
# Observes the stock page without changing it: ready when vis-network ends its stabilization
# run (the drawing it first shows as settled) or reports the layout stable, whichever is first.
STOCK_HOOK = (
    "network = new vis.Network(container, data, options);"
    "network.once('stabilizationIterationsDone', () => { window.__ready = true; });"
    "network.once('stabilized', () => { window.__ready = true; });"
)


def graph(n: int) -> dict[str, Any]:
    """A view of n nodes and 2n edges, in the API's graph shape."""
    rnd = random.Random(n)
    nodes = [
        {"id": f"n{i}", "labels": [TYPES[i % 3]], "properties": {"name": f"Actor {i}"}}
        for i in range(n)
    ]
    edges = []
    for i in range(2 * n):
        a, b = rnd.randrange(n), rnd.randrange(n)
        edges.append(
            {
                "id": f"e{i}",
                "type": "PARTICIPATED_IN",
                "source": f"n{a}",
                "target": f"n{b}",
                "properties": {},
            }
        )
    return {"nodes": nodes, "edges": edges}


def ours(g: dict[str, Any], path: Path) -> float:
    """Build the page (server layout included in the time) and return build ms."""
    t = time.perf_counter()
    page = viz.standalone_html(g).replace(
        "d.options);", "d.options).once('afterDrawing',()=>{window.__ready=true});"
    )
    path.write_text(page, encoding="utf-8")
    return (time.perf_counter() - t) * 1000


def stock(g: dict[str, Any], path: Path) -> None:
    net = Network(directed=True, cdn_resources="in_line")
    for n in g["nodes"]:
        net.add_node(n["id"], label=n["properties"]["name"])
    for e in g["edges"]:
        net.add_edge(e["source"], e["target"], title=e["type"])
    page = net.generate_html()
    assert "network = new vis.Network(container, data, options);" in page
    page = page.replace("network = new vis.Network(container, data, options);", STOCK_HOOK)
    path.write_text(page, encoding="utf-8")


def timed(browser: Any, path: Path, cond: str, timeout_ms: int) -> float:
    pg = browser.new_page(viewport={"width": 1366, "height": 768})
    t = time.perf_counter()
    try:
        # The stock page may not even finish loading within the limit: that counts as the limit.
        pg.goto(path.as_uri(), timeout=timeout_ms)
        left = max(1.0, timeout_ms - (time.perf_counter() - t) * 1000)
        pg.wait_for_function(cond, timeout=left, polling=50)
        ms = (time.perf_counter() - t) * 1000
    except Exception:
        ms = 60000.0
    pg.close()
    return ms


def main() -> None:
    from playwright.sync_api import sync_playwright

    out: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in (500, 2000, 5000):
            g = graph(n)
            mine, theirs = Path(tmp) / f"ours{n}.html", Path(tmp) / f"stock{n}.html"
            build = ours(g, mine)
            stock(g, theirs)
            out[f"ms_{n}"] = round(build + timed(browser, mine, READY_JS, 60000))
            out[f"stock_ms_{n}"] = round(min(60000.0, timed(browser, theirs, STOCK_JS, 60000)))
            print(
                f"n={n}: ours {out[f'ms_{n}']} ms (server build {build:.0f} ms), "
                f"stock {out[f'stock_ms_{n}']} ms",
                flush=True,
            )
        browser.close()
    keys = ["ms_500", "ms_2000", "ms_5000", "stock_ms_500", "stock_ms_2000", "stock_ms_5000"]
    print(json.dumps({k: out[k] for k in keys}))


if __name__ == "__main__":
    main()
