/* The network drawing: sigma.js draws a graphology graph in WebGL (classic scripts loaded
   before the modules: globals `graphology`, `graphologyLibrary`, `Sigma`).

   Positions are a function of what is shown: a node starts where its id's hash puts it (or
   beside a neighbour already placed), ForceAtlas2 runs a fixed number of iterations in small
   steps (the page keeps answering input between them), and noverlap separates what still
   touches. The same view therefore lays out the same way on every machine, which is what lets a
   permalink restore the same picture; nodes already placed stay where they are when a view
   grows. Labels that would overlap one already drawn are hidden (shown on hover), so none
   overlaps. */
import {nodeTypes, relDirected} from "./vocabulary.js";

const GL = graphologyLibrary;
const R = Sigma.rendering;
export const graph = new graphology.MultiGraph({type: "mixed", allowSelfLoops: false});
let renderer = null;
let busy = 0;
const on = {click: () => {}, expand: () => {}, edge: () => {}};

// vis-network's shape names, as the vocabulary gives them, to sigma's.
const SHAPES = {box: "square", ellipse: "circle", dot: "circle", diamond: "diamond",
  triangle: "triangle", square: "square"};
// Community colours: Okabe–Ito and Tableau hues, each readable beside dark text.
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
  "#F0E442", "#8c564b", "#7f7f7f", "#bcbd22", "#17becf", "#9467bd"];
const LABEL_FONT = "13px system-ui, sans-serif";

/** Whether this browser draws WebGL2 (sigma needs it). */
export function webgl2() {
  try {
    return Boolean(document.createElement("canvas").getContext("webgl2"));
  } catch {
    return false;
  }
}

/** A number in [0, 1) from a text, the same everywhere (FNV-1a). */
export function hash01(text, salt = 0) {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) % 1000003) / 1000003;
}

/** A seeded random number generator (mulberry32), for Louvain's runs to repeat. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a click, a double click (expand) and a click on a link do. */
export function onGraph(handlers) {
  Object.assign(on, handlers);
}

/** Creates the renderer in `container` (once). */
export function mount(container) {
  if (renderer) return renderer;
  renderer = new Sigma(graph, container, {
    primitives: {
      nodes: {shapes: [R.sdfCircle(), R.sdfSquare(), R.sdfDiamond(), R.sdfTriangle()]},
      edges: {paths: [R.pathLine(), R.pathCurved()], extremities: [R.extremityArrow()]},
    },
    styles: {
      nodes: [Sigma.DEFAULT_STYLES.nodes, {
        shape: {attribute: "shape", defaultValue: "circle"},
        labelColor: "#14181c",
        labelFont: "system-ui, sans-serif",
        labelSize: 13,
        labelVisibility: {attribute: "labelVisibility", defaultValue: "auto"},
        labelPosition: {attribute: "labelPosition", defaultValue: "right"},
      }, {
        whenState: "isHighlighted",
        then: {backdropVisibility: "visible", backdropColor: "#fff7d6",
          labelVisibility: "visible"},
      }, {
        whenData: {faded: true},
        then: {color: "#d9dde2", labelVisibility: "hidden"},
      }, {
        whenData: {hidden: true},
        then: {visibility: "hidden"},
      }],
      edges: [Sigma.DEFAULT_STYLES.edges, {
        head: {attribute: "head", defaultValue: "none"},
        path: "straight",
        parallelPath: "curved",
        color: {attribute: "color", defaultValue: "#aab4be"},
      }, {
        whenData: {undated: true},
        then: {color: "#d5dbe1"},
      }, {
        whenState: "isHighlighted",
        then: {color: "#c0392b"},
      }, {
        whenData: {hidden: true},
        then: {visibility: "hidden"},
      }],
    },
    settings: {
      renderEdgeLabels: false,
      enableEdgeEvents: true,
      labelDensity: 1,
      labelGridCellSize: 100,
      labelRenderedSizeThreshold: 0,
      stagePadding: 40,
      itemSizesReference: "screen",
      autoRescale: true,
    },
  });
  renderer.on("clickNode", ({node}) => on.click(node));
  renderer.on("doubleClickNode", (e) => {
    e.preventSigmaDefault?.();
    on.expand(e.node);
  });
  renderer.on("clickEdge", ({edge}) => on.edge(edge));
  renderer.on("enterNode", ({node}) => hover(node));
  renderer.on("leaveNode", () => hover(null));
  renderer.on("afterRender", () => { document.body.dataset.frames = String(++frames); });
  warmUp();
  // The page's layout moves (a banner, a narrow screen): the drawing follows its box.
  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      renderer.resize();
      cullLabels();
    });
  }).observe(container);
  return renderer;
}
let frames = 0;

/** Draws a throwaway node, label and arrow once, so that the WebGL programs are compiled (and
    the label atlas made) while the first view's answer is on its way, not after it. */
function warmUp() {
  graph.addNode("\u0000a", {x: 0, y: 0, size: 5, label: "Aa", shape: "square"});
  graph.addNode("\u0000b", {x: 1, y: 1, size: 5, label: "Bb", shape: "diamond"});
  graph.addDirectedEdgeWithKey("\u0000e", "\u0000a", "\u0000b", {head: "arrow"});
  renderer.refresh();
  graph.clear();
  renderer.refresh();
}

function hover(node) {
  if (!renderer) return;
  graph.forEachEdge((e, a, s, t) => {
    renderer.setEdgeState(e, {isHighlighted: Boolean(node) && (s === node || t === node)});
  });
  renderer.getContainer().title = node ? String(graph.getNodeAttribute(node, "label")) : "";
}

/** The renderer (null before `mount`). */
export const sigma = () => renderer;

function typeStyle() {
  return Object.fromEntries(nodeTypes().map((n) => [n.label, n]));
}

/** Adds the API's nodes and edges (GraphNode / GraphEdge) to the drawing; returns the ids of
    the nodes that were not drawn before. */
export function add(nodes, edges) {
  const style = typeStyle();
  const added = [];
  for (const n of nodes) {
    const type = n.type || (n.labels || [])[0] || "Source";
    const props = n.properties || {};
    const name = String(props.name ?? n.id);
    const attrs = {
      // cullLabels may shorten it where the drawing is narrow
      label: name.length > 42 ? name.slice(0, 40).trimEnd() + "…" : name,
      name,
      type: undefined,
      kind: type,
      color: style[type]?.color || "#7f7f7f",
      shape: SHAPES[style[type]?.shape] || "circle",
      data: n,
    };
    for (const k of ["degree", "weightedDegree", "betweenness"]) if (k in n) attrs[k] = n[k];
    if (graph.hasNode(n.id)) graph.mergeNodeAttributes(n.id, attrs);
    else {
      // A first place (sigma draws nothing without one); `place` puts it beside a neighbour.
      const a = 2 * Math.PI * hash01(n.id);
      graph.addNode(n.id, {...attrs, x: Math.cos(a), y: Math.sin(a)});
      added.push(n.id);
    }
  }
  for (const e of edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target) || graph.hasEdge(e.id)) continue;
    const directed = relDirected(e.type);
    const w = Number((e.properties || {}).weight || 1);
    const attrs = {relType: e.type, data: e, head: directed ? "arrow" : "none",
      size: directed ? 1.5 : Math.min(1 + Math.sqrt(w) * 1.5, 8), weight: w,
      undated: Boolean((e.properties || {}).undated)};
    if (directed) graph.addDirectedEdgeWithKey(e.id, e.source, e.target, attrs);
    else graph.addUndirectedEdgeWithKey(e.id, e.source, e.target, attrs);
  }
  return added;
}

/** Empties the drawing. */
export function clear() {
  graph.clear();
}

/** Starting places for `ids`: beside a neighbour already placed (the first in id order), else
    on a circle at the angle the id's hash gives. */
export function place(ids) {
  const fresh = new Set(ids);
  const radius = 10 * Math.sqrt(Math.max(graph.order, 1));
  for (const id of [...ids].sort()) {
    const anchor = graph.neighbors(id).filter((n) => !fresh.has(n)).sort()[0];
    const a = 2 * Math.PI * hash01(id);
    if (anchor) {
      const p = graph.getNodeAttributes(anchor);
      const r = 6 + 10 * hash01(id, 7);
      graph.mergeNodeAttributes(id, {x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a)});
    } else {
      const r = radius * (0.3 + 0.7 * hash01(id, 3));
      graph.mergeNodeAttributes(id, {x: r * Math.cos(a), y: r * Math.sin(a)});
    }
    fresh.delete(id);
  }
}

/** ForceAtlas2 over the drawing in steps, `fixed` nodes held where they are, then noverlap.
    The same graph and the same fixed nodes give the same positions. Large views get fewer
    iterations; every step yields to the page. (The page says when a view is drawn:
    document.body.dataset.stable, set by main.js.) */
export async function layout(fixed = []) {
  const n = graph.order;
  if (n < 2) return;
  const mine = ++busy;
  // Thousands of links redrawn at every step of a zoom cost more than they show.
  if (renderer) renderer.setSetting("hideEdgesOnMove", n > LARGE);
  if (n > LARGE) {
    spiral(fixed);
    if (renderer) renderer.refresh();
    cullLabels();
    return;
  }
  // The steps work on a copy: the drawing is not redrawn at each step (in software WebGL one
  // frame of a few thousand links costs hundreds of milliseconds), only once at the end.
  const held = new Set(fixed);
  const work = graph.copy();
  work.forEachNode((id) => work.setNodeAttribute(id, "fixed", held.has(id)));
  const settings = {...GL.layoutForceAtlas2.inferSettings(work),
    barnesHutOptimize: n > 400, adjustSizes: false, linLogMode: false};
  const total = n <= 200 ? 300 : n <= 2000 ? 120 : 40;
  const step = n <= 200 ? 50 : n <= 2000 ? 10 : 2;
  for (let done = 0; done < total; done += step) {
    GL.layoutForceAtlas2.assign(work, {iterations: Math.min(step, total - done), settings});
    await new Promise((r) => setTimeout(r, 0));
    if (mine !== busy) return; // a newer view replaced this one
  }
  if (n <= 5000) {
    // One size for all: positions must not depend on how the view was sized or marked.
    GL.layoutNoverlap.assign(work, {maxIterations: 60, settings: {ratio: 1.6, margin: 4},
      inputReducer: (key, a) => ({x: a.x, y: a.y, size: 6})});
  }
  work.forEachNode((id, a) => graph.mergeNodeAttributes(id, {x: a.x, y: a.y}));
  if (renderer) renderer.refresh();
  cullLabels();
}

// Above this many nodes, positions come at once (a spiral in breadth-first order from the
// best-connected node, so neighbours land near each other) and ForceAtlas2 runs only when
// asked, in a web worker: the page never waits for it.
export const LARGE = 2000;

function spiral(fixed) {
  const held = new Set(fixed);
  const order = [];
  const seen = new Set(held);
  const starts = graph.nodes()
    .sort((a, b) => graph.degree(b) - graph.degree(a) || (a < b ? -1 : 1));
  for (const s of starts) {
    if (seen.has(s)) continue;
    seen.add(s);
    const queue = [s];
    for (let i = 0; i < queue.length; i++) {
      order.push(queue[i]);
      for (const nb of graph.neighbors(queue[i]).sort()) {
        if (!seen.has(nb)) { seen.add(nb); queue.push(nb); }
      }
    }
  }
  const golden = Math.PI * (3 - Math.sqrt(5));
  const offset = held.size;
  order.forEach((id, i) => {
    const k = i + offset;
    graph.mergeNodeAttributes(id, {x: 40 * Math.sqrt(k) * Math.cos(k * golden),
      y: 40 * Math.sqrt(k) * Math.sin(k * golden)});
  });
}

/** ForceAtlas2 in a web worker for `ms` milliseconds (large views, on request); resolves when
    it stopped. */
export function improveLayout(ms = 8000) {
  const fa2 = new GL.FA2Layout(graph, {settings: {...GL.layoutForceAtlas2.inferSettings(graph),
    barnesHutOptimize: true}});
  fa2.start();
  return new Promise((resolve) => setTimeout(() => {
    fa2.kill();
    cullLabels();
    resolve();
  }, ms));
}

/** Node sizes from a measure (degree, weightedDegree, betweenness, or the degree in the
    drawing): 4 to 18 px by its square root. Returns [min, max] of the measure. */
export function sizeBy(measure) {
  let lo = Infinity;
  let hi = -Infinity;
  const value = (id) => {
    const a = graph.getNodeAttributes(id);
    return Number(measure === "view" ? graph.degree(id) : a[measure] ?? graph.degree(id)) || 0;
  };
  graph.forEachNode((id) => {
    const v = value(id);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  });
  graph.forEachNode((id) => {
    const v = value(id);
    const t = hi > lo ? Math.sqrt((v - lo) / (hi - lo)) : 0.5;
    graph.setNodeAttribute(id, "size", 4 + 14 * t);
  });
  return [lo === Infinity ? 0 : lo, hi === -Infinity ? 0 : hi];
}

/** Communities (Louvain, seeded: the same every time) of the undirected links drawn, coloured
    from the palette, largest first. Returns [{community, colour, size}]. */
export function colourCommunities() {
  const g = new graphology.UndirectedGraph();
  graph.forEachNode((id) => g.addNode(id));
  graph.forEachEdge((e, a, s, t) => {
    if (s === t) return;
    if (g.hasEdge(s, t)) g.updateEdgeAttribute(s, t, "weight", (w) => w + (a.weight || 1));
    else g.addEdge(s, t, {weight: a.weight || 1});
  });
  const parts = GL.communitiesLouvain(g, {rng: seeded(7), getEdgeWeight: "weight"});
  const sizes = new Map();
  for (const c of Object.values(parts)) sizes.set(c, (sizes.get(c) || 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const colour = new Map(order.map(([c], i) => [c, i < PALETTE.length ? PALETTE[i] : "#b8c0c8"]));
  for (const [id, c] of Object.entries(parts)) {
    graph.mergeNodeAttributes(id, {community: c, color: colour.get(c)});
  }
  return order.map(([c, size]) => ({community: c, colour: colour.get(c), size}));
}

/** The centre: always labelled, drawn larger, with a backdrop. */
export function markCentre(id) {
  if (!renderer || !graph.hasNode(id)) return;
  graph.forEachNode((n) => renderer.setNodeState(n, {isHighlighted: n === id}));
  graph.setNodeAttribute(id, "size", Math.max(graph.getNodeAttribute(id, "size") || 10, 16));
}

/** Highlights some nodes and edges (a path); null clears. */
export function highlight(nodeIds, edgeIds) {
  if (!renderer) return;
  const ns = new Set(nodeIds || []);
  const es = new Set(edgeIds || []);
  graph.forEachNode((n) => renderer.setNodeState(n, {isHighlighted: ns.has(n)}));
  graph.forEachEdge((e) => renderer.setEdgeState(e, {isHighlighted: es.has(e)}));
}

/** Shows only what `keepNode` and `keepEdge` accept (the others hidden, positions kept). */
export function filter(keepNode, keepEdge) {
  graph.forEachNode((n, a) => graph.setNodeAttribute(n, "hidden", !keepNode(n, a)));
  graph.forEachEdge((e, a, s, t) => graph.setEdgeAttribute(e, "hidden",
    !keepEdge(e, a) || graph.getNodeAttribute(s, "hidden") || graph.getNodeAttribute(t, "hidden")));
  cullLabels();
}

/** Fades every node but `ids` (the organization in focus and its partners). */
export function fade(ids) {
  const keep = ids ? new Set(ids) : null;
  graph.forEachNode((n) => graph.setNodeAttribute(n, "faded", Boolean(keep) && !keep.has(n)));
}

const measure = document.createElement("canvas").getContext("2d");
const SIDES = ["right", "left", "below", "above"];

/** The screen box of a node's label on one side of it (as sigma draws it there). */
function boxOf(id, side) {
  const d = renderer.getNodeDisplayData(id);
  if (!d) return null;
  const p = renderer.framedGraphToViewport(d);
  const r = renderer.scaleSize(d.size);
  const w = measure.measureText(String(graph.getNodeAttribute(id, "label"))).width;
  const h = 16;
  const at = {
    right: [p.x + r + 3, p.y - h / 2],
    left: [p.x - r - 3 - w, p.y - h / 2],
    below: [p.x - w / 2, p.y + r + 2],
    above: [p.x - w / 2, p.y - r - 2 - h],
  }[side];
  return {id, side, x: at[0], y: at[1], w, h, node: {x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r}};
}

/** The screen boxes of the labels drawn, where sigma places them (their side of the node). */
export function labelBoxes() {
  if (!renderer) return [];
  measure.font = LABEL_FONT;
  const out = [];
  for (const id of renderer.getNodeDisplayedLabels()) {
    if (graph.getNodeAttribute(id, "hidden")) continue;
    const b = boxOf(id, graph.getNodeAttribute(id, "labelPosition") || "right");
    if (b) out.push(b);
  }
  return out;
}

// Two boxes closer than 2 px count as overlapping: labels never touch.
const GAP = 2;
const overlaps = (a, b) => a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP &&
  a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;

const MAX_LABELS = 400;

/** Boxes in a grid of 64 px cells: which of them a box overlaps is found among its cells. */
function boxGrid(cell = 64) {
  const cells = new Map();
  const keys = (b) => {
    const out = [];
    for (let i = Math.floor(b.x / cell); i <= Math.floor((b.x + b.w) / cell); i++) {
      for (let j = Math.floor(b.y / cell); j <= Math.floor((b.y + b.h) / cell); j++) {
        out.push(i + ":" + j);
      }
    }
    return out;
  };
  return {
    add(b) {
      for (const k of keys(b)) {
        if (!cells.has(k)) cells.set(k, []);
        cells.get(k).push(b);
      }
    },
    hits(b, except) {
      return keys(b).some((k) => (cells.get(k) || []).some((o) => o.id !== except &&
        overlaps(o, b)));
    },
  };
}

const short = (name, n) => (name.length > n ? name.slice(0, n - 2).trimEnd() + "…" : name);

/** Places the labels so that none overlaps another label or a node: larger nodes first (the
    highlighted before all), each on the first free side of its node (right, left, below,
    above) inside the drawing; a label with no free side is hidden (hovering shows it). */
export function cullLabels() {
  if (!renderer) return;
  renderer.refresh();
  measure.font = LABEL_FONT;
  const ids = graph.filterNodes((n, a) => !a.hidden && !a.faded).sort((a, b) => {
    const ha = renderer.getNodeState(a).isHighlighted ? 1 : 0;
    const hb = renderer.getNodeState(b).isHighlighted ? 1 : 0;
    return hb - ha || (graph.getNodeAttribute(b, "size") || 0) -
      (graph.getNodeAttribute(a, "size") || 0) || (a < b ? -1 : 1);
  });
  const {width, height} = renderer.getDimensions();
  const discs = boxGrid();
  for (const id of ids) {
    const b = boxOf(id, "right");
    if (b) discs.add({...b.node, id});
  }
  const kept = boxGrid();
  // The whole name (up to 42 characters), else a shorter one where a narrow drawing needs it.
  const lengths = width < 600 ? [42, 24, 14] : [42, 24];
  // A large view labels its largest nodes only: more would be unreadable, and slow to place.
  const labelled = new Set(ids.slice(0, MAX_LABELS));
  for (const id of ids) {
    let chosen = null;
    const name = String(graph.getNodeAttribute(id, "name") ?? graph.getNodeAttribute(id, "label"));
    for (const n of labelled.has(id) ? lengths : []) {
      graph.setNodeAttribute(id, "label", short(name, n));
      for (const side of SIDES) {
        const b = boxOf(id, side);
        if (!b) break;
        const inside = b.x >= 2 && b.y >= 2 && b.x + b.w <= width - 2 && b.y + b.h <= height - 2;
        if (inside && !kept.hits(b) && !discs.hits(b, id)) {
          chosen = b;
          break;
        }
      }
      if (chosen) break;
    }
    if (chosen) kept.add(chosen);
    const want = {label: chosen ? graph.getNodeAttribute(id, "label") : short(name, 42),
      labelVisibility: chosen ? "visible" : "hidden",
      labelPosition: chosen ? chosen.side : "right"};
    const now = graph.getNodeAttributes(id);
    if (Object.keys(want).some((k) => now[k] !== want[k])) graph.mergeNodeAttributes(id, want);
  }
  renderer.refresh();
}

/** The camera as text ("x,y,ratio") and back. */
export function cameraText() {
  if (!renderer) return "";
  const c = renderer.getCamera().getState();
  return [c.x, c.y, c.ratio].map((v) => Number(v).toFixed(4)).join(",");
}

export function setCamera(text) {
  if (!renderer || !text) return;
  const [x, y, ratio] = text.split(",").map(Number);
  if ([x, y, ratio].every(Number.isFinite) && ratio > 0) {
    renderer.getCamera().setState({x, y, ratio});
  }
}

/** Zooms on a node. */
export function focusOn(id) {
  if (!renderer || !graph.hasNode(id)) return;
  const d = renderer.getNodeDisplayData(id);
  if (d) renderer.getCamera().animate({x: d.x, y: d.y, ratio: 0.5}, {duration: 300});
}

/** The positions drawn, rounded (for tests and for comparing two pictures). */
export function positions() {
  const out = {};
  const round = (v) => Math.round(v * 100) / 100;
  graph.forEachNode((id, a) => { out[id] = [round(a.x), round(a.y)]; });
  return out;
}

/** A PNG of the drawing: the WebGL layers copied onto one canvas, white behind. */
export async function png() {
  if (!renderer) return null;
  renderer.refresh();
  const {width, height} = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const out = document.createElement("canvas");
  out.width = width * ratio;
  out.height = height * ratio;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  await new Promise((resolve) => {
    renderer.once("afterRender", () => {
      for (const c of renderer.getContainer().querySelectorAll("canvas")) {
        ctx.drawImage(c, 0, 0, out.width, out.height);
      }
      resolve();
    });
    renderer.scheduleRender();
  });
  return new Promise((resolve) => out.toBlob(resolve, "image/png"));
}


/** A small drawing of its own in `container` (the review page's neighbourhoods): the nodes
    ({id, type, name}) and links ({source, target}) laid out at once, the centre larger; all
    its labels at most 24 characters. Returns {destroy()}. */
export function miniNetwork(container, nodes, edges, centre) {
  const style = typeStyle();
  const g = new graphology.Graph({type: "undirected"});
  for (const n of nodes) {
    const a = 2 * Math.PI * hash01(n.id);
    g.addNode(n.id, {x: Math.cos(a), y: Math.sin(a), size: n.id === centre ? 11 : 6,
      label: short(String(n.name || n.id), 24), color: style[n.type]?.color || "#7f7f7f",
      shape: SHAPES[style[n.type]?.shape] || "circle"});
  }
  for (const e of edges) {
    if (e.source === e.target || !g.hasNode(e.source) || !g.hasNode(e.target)) continue;
    if (!g.hasEdge(e.source, e.target)) g.addEdge(e.source, e.target, {size: 1});
  }
  if (g.order > 1) {
    GL.layoutForceAtlas2.assign(g, {iterations: 150,
      settings: GL.layoutForceAtlas2.inferSettings(g)});
    GL.layoutNoverlap.assign(g, {maxIterations: 50, settings: {ratio: 2, margin: 6},
      inputReducer: (key, a) => ({x: a.x, y: a.y, size: 6})});
  }
  const r = new Sigma(g, container, {
    primitives: {nodes: {shapes: [R.sdfCircle(), R.sdfSquare(), R.sdfDiamond(),
      R.sdfTriangle()]}},
    styles: {nodes: [Sigma.DEFAULT_STYLES.nodes, {shape: {attribute: "shape",
      defaultValue: "circle"}, labelColor: "#14181c", labelSize: 12}]},
    settings: {itemSizesReference: "screen", stagePadding: 30, enableCameraZooming: false,
      renderEdgeLabels: false, labelDensity: 0.7},
  });
  return {destroy: () => r.kill()};
}
