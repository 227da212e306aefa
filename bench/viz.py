"""The page's drawing in headless Chromium (WebGL in software here: SwiftShader): sigma.js 4 as
the page uses it beside vis-network in the same run, then the page's own views of the sample.

Run: python bench/viz.py [--sizes 2000,20000,50000] [--seconds 3]   (needs /usr/bin/chromium)

1. For each size N: a co-organization network of N organizations and 5N links at random
   positions, drawn by sigma (labels as the page shows them) and by vis-network (physics off,
   the same positions): the first frame's time (building the graph included), and frames per
   second while zooming and panning for `--seconds`; zoom_ratio is sigma's frames per second
   over vis-network's (an absolute rate holds only on a GPU).
2. The sample's views (neighbourhood, co-organization, paths, a source) in the page served by
   ctgraph: how long drawing took after the answer arrived (document.body.dataset.drawMs), and
   whether input stayed answered while it drew (the longest main-thread task, from a
   PerformanceObserver of long tasks).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctgraph.api import viz  # noqa: E402
from ctgraph.core.resources import resource_dir  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--no-first-run"]
VENDOR = resource_dir("static") / "vendor"

SIGMA_PAGE = """
const R = Sigma.rendering;
window.run = (data, labels, extra) => {
  const t0 = performance.now();
  const g = new graphology.Graph({type: "undirected"});
  for (const n of data.nodes) g.addNode(n.id, {x: n.x, y: n.y, size: 3 + (n.w % 7), label: n.label,
    color: "#0072B2"});
  for (const e of data.edges) {
    if (!g.hasEdge(e.s, e.t) && e.s !== e.t) g.addEdge(e.s, e.t, {size: 1});
  }
  const s = new Sigma(g, document.getElementById("net"), {
    styles: {nodes: [Sigma.DEFAULT_STYLES.nodes, {labelVisibility: labels ? "auto" : "hidden",
      labelSize: 13}]},
    settings: {renderEdgeLabels: false, itemSizesReference: "screen", labelDensity: 1,
      labelGridCellSize: 100, hideEdgesOnMove: false, ...(extra || {})},
  });
  window.frames = 0;
  window.zoom = (ratio, x, y) => s.getCamera().setState({ratio, x, y});
  // The first frame may be drawn inside the constructor: one more is asked for, and the
  // first drawn after this point ends the timing (drawing the whole graph either way).
  const drawn = new Promise((resolve) => s.on("afterRender", () => {
    if (window.frames++ === 0) resolve(window.first = performance.now() - t0);
  }));
  s.scheduleRender();
  return drawn;
};
"""

VIS_PAGE = """
window.run = (data, labels) => {
  const t0 = performance.now();
  const nodes = new vis.DataSet(data.nodes.map((n) => ({id: n.id, x: n.x * 2000, y: n.y * 2000,
    label: labels ? n.label : undefined, size: 3 + (n.w % 7), shape: "dot"})));
  const edges = new vis.DataSet(data.edges.map((e, i) => ({id: i, from: e.s, to: e.t})));
  const net = new vis.Network(document.getElementById("net"), {nodes, edges}, {
    physics: false, layout: {improvedLayout: false}, edges: {smooth: false},
    interaction: {hideEdgesOnDrag: false, hideEdgesOnZoom: false}});
  window.frames = 0;
  net.on("afterDrawing", () => { window.frames++; });
  return new Promise((resolve) => net.once("afterDrawing", () => {
    window.first = performance.now() - t0;
    window.zoom = (ratio, x, y) => net.moveTo({scale: 1 / ratio, position: {x: x * 2000,
      y: y * 2000}});
    resolve(window.first);
  }));
};
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def network(n: int) -> dict[str, Any]:
    rnd = random.Random(n)
    nodes = [
        {"id": f"o{i}", "x": rnd.random(), "y": rnd.random(), "w": i, "label": f"Organization {i}"}
        for i in range(n)
    ]
    edges = [{"s": f"o{rnd.randrange(n)}", "t": f"o{rnd.randrange(n)}"} for _ in range(5 * n)]
    return {"nodes": nodes, "edges": edges}


def page_html(folder: Path, libs: list[Path], script: str) -> Path:
    tags = "".join(f"<script src='{lib.as_uri()}'></script>" for lib in libs)
    path = folder / f"page-{abs(hash(script))}.html"
    path.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<style>html,body{margin:0;height:100%}#net{width:1400px;height:900px}</style>"
        f"{tags}</head><body><div id='net'></div><script>{script}</script></body></html>",
        encoding="utf-8",
    )
    return path


def draw(
    browser: Any,
    path: Path,
    data: dict[str, Any],
    labels: bool,
    seconds: float,
    extra: dict[str, Any] | None = None,
) -> Any:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    pg.goto(path.as_uri())
    first = pg.evaluate("([d, l, x]) => run(d, l, x)", [data, labels, extra or {}])
    # Zoom in and out and pan, one camera step per animation frame, for `seconds`.
    fps = pg.evaluate(
        """async (secs) => {
          const start = window.frames, t0 = performance.now();
          let i = 0;
          while (performance.now() - t0 < secs * 1000) {
            const k = (i++ % 60) / 60;
            window.zoom(0.3 + 0.7 * Math.abs(Math.sin(k * Math.PI)), 0.3 + 0.4 * k, 0.5);
            await new Promise((r) => requestAnimationFrame(r));
          }
          return (window.frames - start) / ((performance.now() - t0) / 1000);
        }""",
        seconds,
    )
    ctx.close()
    return round(first), round(fps, 2)


def sample_views(browser: Any) -> dict[str, Any]:
    """The page's views of the sample, served by ctgraph on a data folder of its own."""
    home = tempfile.mkdtemp(prefix="ctgraph-viz-")
    port = free_port()
    env = {**os.environ, "CTGRAPH_HOME": home, "CTGRAPH_GRAPH": "viz", "CTGRAPH_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ctgraph.cli", "serve"], env=env, stdout=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {}
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        views = {
            "net": "#view=net&center=org:iom&depth=2",
            "coorg": "#view=coorg",
            "path": "#view=path&pfrom=person:kevin-hyland&pto=person:l-kh-isakov",
            "source": "#view=source&source=source:osce-2019-11-26",
        }
        for name, hash_ in views.items():
            times, longest = [], []
            for _ in range(3):
                pg = browser.new_page(viewport={"width": 1400, "height": 900})
                pg.add_init_script(
                    "window.__long = 0; new PerformanceObserver((l) => { for (const e of "
                    "l.getEntries()) window.__long = Math.max(window.__long, e.duration); })"
                    ".observe({type: 'longtask', buffered: true});"
                )
                pg.goto(url + "/" + hash_)
                pg.wait_for_function("document.body.dataset.stable === '1'", timeout=30000)
                pg.wait_for_timeout(200)
                times.append(int(pg.evaluate("document.body.dataset.drawMs || -1")))
                longest.append(round(pg.evaluate("window.__long")))
                pg.close()
            out[f"sample_{name}_draw_ms"] = sorted(times)[1]
            out[f"sample_{name}_longest_task_ms"] = sorted(longest)[1]
    finally:
        proc.terminate()
        proc.wait(20)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,20000", help="organizations, comma-separated")
    ap.add_argument("--seconds", type=float, default=3.0, help="zooming time per drawing")
    ap.add_argument("--no-sample", action="store_true", help="skip the page's sample views")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    result: dict[str, Any] = {"renderer": "chromium headless, WebGL in software"}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        sigma_page = page_html(
            folder,
            [VENDOR / "graphology.umd.min.js", VENDOR / "sigma.min.js"],
            SIGMA_PAGE,
        )
        vis_page = page_html(folder, [viz.VIS_DIR / "vis-network.min.js"], VIS_PAGE)
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in [int(x) for x in args.sizes.split(",") if x]:
            data = network(n)
            for labels in (False, True):
                tag = f"{n}_{'labels' if labels else 'nolabels'}"
                s_first, s_fps = draw(browser, sigma_page, data, labels, args.seconds)
                v_first, v_fps = draw(browser, vis_page, data, labels, args.seconds)
                result[f"sigma_{tag}_first_ms"] = s_first
                result[f"vis_{tag}_first_ms"] = v_first
                result[f"sigma_{tag}_zoom_fps"] = s_fps
                result[f"vis_{tag}_zoom_fps"] = v_fps
                result[f"{tag}_first_ratio"] = round(s_first / max(v_first, 1), 2)
                result[f"{tag}_zoom_ratio"] = round(s_fps / max(v_fps, 0.01), 2)
                print(
                    f"{n} organizations, {5 * n} links, labels {'on' if labels else 'off'}: "
                    f"first frame sigma {s_first} ms, vis-network {v_first} ms; "
                    f"zoom sigma {s_fps} fps, vis-network {v_fps} fps",
                    flush=True,
                )
        if not args.no_sample:
            views = sample_views(browser)
            for k, v in views.items():
                print(f"{k}: {v}", flush=True)
            result.update(views)
        browser.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
