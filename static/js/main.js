/* ctgraph's page: ES modules, no build step. Every text from the data goes through
   textContent, never innerHTML. sigma.js, graphology and its library are classic scripts
   loaded before (globals `Sigma`, `graphology`, `graphologyLibrary`). */
import {ApiError, api, href} from "./api.js";
import {combo} from "./combo.js";
import {$, el, bdi, button, status} from "./dom.js";
import {facets, onFilters, readFilters, showFilters, typeFilters} from "./filters.js";
import * as G from "./graph.js";
import {onPanel, panelError, showChanges, showCoorg, showDetails, showPaths, showSource,
  showStart} from "./panel.js";
import {DEFAULTS, filterParams, readHash, state, writeHash} from "./state.js";
import {drawHistogram, loadTimeline, onTime, play, stop} from "./time.js";
import {defaultViewTypes, loadVocabulary, nodeTypes, relationshipTypes, typeName}
  from "./vocabulary.js";

const NET_LIMIT = 300;
const EXPAND_LIMIT = 50;
let drawn = "";       // the key of the view drawn (what it was asked with)
let expandedDrawn = []; // the expansions drawn on it, in order
let lastCoorg = null;
let gl = true;
let seq = 0;
let answered = 0; // when the view's last answer arrived (performance.now())
let shownPaths = []; // the paths the path view lists

/** GET for the view being drawn: notes when the answer arrived, so the page can say how long
    drawing took after it (document.body.dataset.drawMs, read by bench/viz.py). */
async function fetchView(path, params) {
  const r = await api(path, params);
  answered = performance.now();
  return r;
}

const plural = (n, one, many) => n + " " + (n === 1 ? one : many);

/** The key of the base view: what the drawing must be rebuilt for. */
function viewKey() {
  const f = filterParams();
  if (state.view === "net") return JSON.stringify(["net", state.center, state.depth, f]);
  if (state.view === "coorg") {
    return JSON.stringify(["coorg", f.from, f.to, f.country, state.minw, state.undated]);
  }
  if (state.view === "path") return JSON.stringify(["path", state.pfrom, state.pto]);
  if (state.view === "source") return JSON.stringify(["source", state.source]);
  return "start";
}

/** Draws what the state says. */
let shownHash = null; // the address the page last drew

async function render() {
  document.body.dataset.stable = "";
  writeHash();
  shownHash = location.hash;
  showFilters();
  const mine = ++seq;
  const key = viewKey();
  try {
    if (key !== drawn) {
      stop();
      G.clear();
      drawn = "";
      expandedDrawn = [];
      await base(mine);
      if (mine !== seq) return;
      drawn = key;
    }
    await expansions(mine);
    if (mine !== seq) return;
    decorate();
    if (state.cam) G.setCamera(state.cam);
  } catch (err) {
    if (mine !== seq) return;
    drawn = "";
    failed(err);
  }
  shownList();
  exportLinks();
  drawHistogram(state.from, state.to);
  if (answered) document.body.dataset.drawMs = String(Math.round(performance.now() - answered));
  if (G.graph.order > G.LARGE && gl) {
    $("status").append(" ", button("Improve the layout (ForceAtlas2, in the background)",
      async (e) => {
        e.target.disabled = true;
        await G.improveLayout();
        e.target.remove();
      }, "more"));
  }
  document.body.dataset.stable = "1";
}

async function base(mine) {
  const f = filterParams();
  if (state.view === "net" && state.center) {
    const g = await fetchView("/api/graph/neighborhood", {id: state.center, depth: state.depth,
      ...f, limit: NET_LIMIT});
    if (mine !== seq) return;
    if (g.center !== state.center) state.center = g.center; // a merged id: its record
    const added = G.add(g.nodes, g.edges);
    G.place(added);
    await G.layout();
    const centre = g.nodes.find((n) => n.id === g.center);
    centreBox.set(g.center, centre?.properties?.name);
    netStatus(g);
    if (!state.selected || state.selected === g.center) await showDetails(g.center);
  } else if (state.view === "coorg" || state.view === "start") {
    const co = await fetchView("/api/graph/co-organization", {from: f.from, to: f.to,
      country: f.country, min_weight: state.minw, undated: state.undated ? "true" : ""});
    if (mine !== seq) return;
    lastCoorg = co;
    const added = G.add(co.nodes.map((n) => ({...n})), co.edges);
    G.place(added);
    await G.layout();
  } else if (state.view === "path" && state.pfrom && state.pto) {
    const r = await fetchView("/api/graph/paths",
      {from: state.pfrom, to: state.pto, max_hops: 6, k: 3});
    if (mine !== seq) return;
    const nodes = new Map();
    const edges = new Map();
    for (const p of r.paths) {
      p.nodes.forEach((n) => nodes.set(n.id, n));
      p.edges.forEach((e) => edges.set(e.id, e));
    }
    const ends = await Promise.all([state.pfrom, state.pto].map(async (id) => {
      const known = nodes.get(id);
      if (known) return {id, name: known.properties.name};
      const d = await api("/api/entities/" + encodeURIComponent(id));
      return {id, name: d.name};
    }));
    fromBox.set(ends[0].id, ends[0].name);
    toBox.set(ends[1].id, ends[1].name);
    shownPaths = r.paths;
    const added = G.add([...nodes.values()], [...edges.values()]);
    G.place(added);
    await G.layout();
    status("No path found.");
    if (showPaths(ends[0], ends[1], r.paths)) selectPath(r.paths[0]);
  } else if (state.view === "source" && state.source) {
    const s = await showSource(state.source);
    answered = performance.now();
    if (!s || mine !== seq) return;
    const nodes = [{id: s.source.id, type: "Source", properties: {name: s.source.name}},
      ...s.entities.map((e) => ({id: e.id, type: e.type, properties: {name: e.name}}))];
    const seen = new Set(nodes.map((n) => n.id));
    for (const r of s.relationships) {
      for (const [id, name, type] of [[r.source, r.sourceName, r.sourceType],
        [r.target, r.targetName, r.targetType]]) {
        if (!seen.has(id)) { seen.add(id); nodes.push({id, type, properties: {name}}); }
      }
    }
    const edges = s.relationships.map((r, i) => ({id: "f" + i, source: r.source,
      target: r.target, type: r.type, properties: r.properties}));
    // Each record that cites the source is drawn linked to it.
    s.entities.forEach((e, i) => edges.push({id: "m" + i, source: e.id, target: s.source.id,
      type: "MENTIONED_IN", properties: {}}));
    const added = G.add(nodes, edges);
    G.place(added);
    await G.layout();
    status("The records and facts this source supports: " +
      plural(s.entityTotal, "record", "records") + ", " +
      plural(s.relationshipTotal, "fact", "facts") + ".");
  }
}

/** The expansions the state lists that are not drawn yet, in order. */
async function expansions(mine) {
  if (state.view !== "net") return;
  const f = filterParams();
  for (let i = 0; i < state.expanded.length; i++) {
    if (expandedDrawn[i] === state.expanded[i]) continue;
    const id = state.expanded[i];
    const before = G.graph.nodes();
    const g = await api("/api/graph/neighborhood", {id, depth: 1, ...f, limit: EXPAND_LIMIT});
    if (mine !== seq) return;
    const added = G.add(g.nodes, g.edges);
    G.place(added);
    await G.layout(before);
    expandedDrawn[i] = id;
    const rest = g.total - g.nodes.length;
    const name = g.nodes.find((n) => n.id === g.center)?.properties?.name || id;
    const said = added.length ? "Expanded " + name + ": " + plural(added.length, "node", "nodes") +
      " added." : "Expanded " + name + ": every neighbour it has is already shown" +
      (rest > 0 ? "" : " (" + plural(g.total - 1, "neighbour", "neighbours") + ").");
    status(said + (rest > 0 ? " " + rest + " more not shown. " : ""));
    if (rest > 0) $("status").append(button("Show them", () => centreOn(id), "more"));
  }
}

/** Sizes, colours, marks and the legend, for the view drawn. */
function decorate() {
  if (state.view === "start") {
    legend(G.colourCommunities(), G.sizeBy("weightedDegree"), "shared events");
    showStart();
    status("The co-organization network: organizations sized by the events they organized " +
      "with others. Find an actor by name above to begin.");
  } else if (state.view === "coorg" && lastCoorg) {
    const communities = G.colourCommunities();
    const [lo, hi] = G.sizeBy(state.size);
    G.fade(state.focus ? focusSet(state.focus) : null);
    const f = filterParams();
    const years = f.from || f.to ? " in " + yearsText(f) : ", all years";
    const caption = plural(lastCoorg.nodes.length, "organization", "organizations") + " and " +
      plural(lastCoorg.edges.length, "link", "links") + years + "; a link is one or more " +
      "events organized together. Size: " + sizeName() + "; colour: community.";
    showCoorg(lastCoorg, state.size, communities, caption);
    legend(communities, [lo, hi], sizeName());
    coorgStatus(lastCoorg);
  } else {
    if (state.view !== "coorg") G.graph.forEachNode((id, a) => {
      const t = nodeTypes().find((n) => n.label === a.kind);
      if (t) G.graph.setNodeAttribute(id, "color", t.color);
    });
    const [lo, hi] = G.sizeBy("view");
    if (state.view === "net") G.markCentre(state.center);
    if (state.view === "path") {
      for (const id of [state.pfrom, state.pto]) {
        if (G.graph.hasNode(id)) G.graph.setNodeAttribute(id, "size", 14);
      }
    }
    legend(null, [lo, hi], "links shown");
  }
  if (G.sigma()) G.cullLabels();
}

function yearsText(f) {
  return f.from && f.from === f.to ? f.from : (f.from || "…") + "–" + (f.to || "…");
}

function sizeName() {
  return {degree: "partners (degree)", weightedDegree: "weighted degree",
    betweenness: "betweenness"}[state.size] || state.size;
}

function focusSet(id) {
  if (!G.graph.hasNode(id)) return null;
  return [id, ...G.graph.neighbors(id)];
}

function netStatus(g) {
  const shown = plural(g.nodes.length, "node", "nodes") + ", " +
    plural(g.edges.length, "link", "links");
  if (!g.truncated) { status(shown + "."); return; }
  // Links of busy nodes left unread: each hop reads a node's heaviest and latest links only.
  const unread = Object.values(g.capped || {}).reduce((a, n) => a + n, 0);
  const busy = unread ? plural(unread, "link", "links") + " of busy nodes not read (their " +
    "heaviest and latest are shown: expand one to see its own)." : "";
  const omitted = Object.entries(g.omitted || {}).map(([k, n]) => n + " " + typeName(k, n !== 1))
    .join(", ");
  if (!omitted) { status(shown + "; " + busy); return; }
  status("Showing " + shown + " of " + g.total + " within " + state.depth + " hops; " + omitted +
    " not shown (the nearest are kept). " + (busy ? busy + " " : ""));
  $("status").append(button("Show up to 1,000", async () => {
    document.body.dataset.stable = "";
    const more = await api("/api/graph/neighborhood", {id: state.center, depth: state.depth,
      ...filterParams(), limit: 1000});
    const before = G.graph.nodes();
    G.place(G.add(more.nodes, more.edges));
    await G.layout(before);
    decorate();
    shownList();
    status(plural(G.graph.order, "node", "nodes") + " shown.");
    document.body.dataset.stable = "1";
  }, "more"));
}

function coorgStatus(co) {
  const f = filterParams();
  status(plural(co.nodes.length, "organization", "organizations") + ", " +
    plural(co.edges.length, "link", "links") + ". ");
  if (f.from && f.to && Number(f.from) > Number(f.to)) {
    status("The years run backwards (from " + f.from + " to " + f.to + "): nothing can be in " +
      "that period. Swap them, or choose a year on the axis below.");
    return;
  }
  if (!co.nodes.length) {
    $("status").append(el("span", (f.from || f.to ? "No two organizations organized an event " +
      "together in " + yearsText(f) + ". " : "No two organizations organized an event " +
      "together yet. "), "undated"));
  }
  if (state.focus) {
    const name = G.graph.hasNode(state.focus) ? G.graph.getNodeAttribute(state.focus, "name")
      : "";
    $("focus").value = name || $("focus").value;
    $("status").append(el("span", name ? "Focus: " + name + " and its partners. " :
      "The organization in focus has no link in this period: nothing is faded. ", "undated"));
  }
  if ((f.from || f.to) && co.undated) {
    const what = plural(co.undated, "link has", "links have") + " no dated event";
    $("status").append(el("span", state.undated ? what + ": shown, drawn in light grey. " :
      what + " and " + (co.undated === 1 ? "is" : "are") + " left out of this period. ",
    "undated"));
    $("status").append(button(state.undated ? "Hide them" : "Show them", () => {
      state.undated = state.undated ? "" : "1";
      render();
    }, "more"));
  }
}

/** The legend: node types (or communities) with their colours, the size scale, link types. */
function legend(communities, [lo, hi], measure) {
  const box = $("legend");
  box.replaceChildren();
  if (communities) {
    box.append(el("span", "Colour: community", "head"));
    communities.slice(0, 8).forEach((c, i) => {
      const s = el("span", null, "type");
      const sw = el("i");
      sw.style.background = c.colour;
      s.append(sw, document.createTextNode((i + 1) + " (" + c.size + ")"));
      box.append(s);
    });
  } else {
    for (const n of nodeTypes()) {
      const s = el("span", null, "type");
      const i = el("i");
      i.style.background = n.color;
      i.dataset.shape = n.shape;
      s.append(i, document.createTextNode(n.display));
      box.append(s);
    }
  }
  const scale = el("span", null, "scale");
  const small = el("b", null, "dot");
  const big = el("b", null, "dot big");
  const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
  scale.append("Size: " + measure + " ", small, " " + fmt(lo) + " … ", big, " " + fmt(hi));
  box.append(scale);
  const drawn = communities ? relationshipTypes().filter((r) => !r.directed)
    : relationshipTypes();
  for (const r of drawn) {
    const s = el("span", (r.directed ? "→ " : "— ") + r.display, "rel");
    s.title = r.type;
    box.append(s);
  }
}

/** The nodes shown, as a list: every one reachable by keyboard. */
function shownList() {
  const ul = $("shown-list");
  ul.replaceChildren();
  const ids = G.graph.filterNodes((id, a) => !a.hidden)
    .sort((a, b) => String(G.graph.getNodeAttribute(a, "label"))
      .localeCompare(String(G.graph.getNodeAttribute(b, "label"))));
  for (const id of ids) {
    const a = G.graph.getNodeAttributes(id);
    const li = el("li");
    const b = button("", () => select(id));
    b.append(bdi(a.label), el("span", " · " + typeName(a.kind), "muted"));
    li.append(b);
    ul.append(li);
  }
  $("shown-n").textContent = String(ids.length);
}

/** A node chosen in the drawing or the list: its record in the panel, marked in the drawing. */
function select(id) {
  state.selected = id;
  G.highlight([id], G.graph.hasNode(id) ? G.graph.edges(id) : []);
  G.focusOn(id);
  showDetails(id);
}

function selectPath(p) {
  G.highlight(p.nodes.map((n) => n.id), p.edges.map((e) => e.id));
  const i = shownPaths.indexOf(p);
  if (i >= 0) status("Path " + (i + 1) + " of " + shownPaths.length + " is marked in red.");
}

/** Centres the neighbourhood on an entity. */
function centreOn(id) {
  state.view = "net";
  state.center = id;
  state.expanded = [];
  state.cam = "";
  state.selected = "";
  render();
}

/** Adds an entity's neighbours (kept in the state, so a link redraws them). */
function expand(id) {
  if (state.view !== "net") { centreOn(id); return; }
  if (!state.expanded.includes(id) && id !== state.center) state.expanded.push(id);
  else if (id === state.center) { status("These are already the centre's neighbours."); return; }
  render();
}

/** Says what went wrong where the view would be, and what to ask instead. */
function failed(err) {
  const what = {net: "This neighbourhood", coorg: "The co-organization network",
    path: "The paths", source: "This source"}[state.view] || "This view";
  panelError(what + " could not be shown", err);
  status(err.message);
  if (err instanceof ApiError && err.status === 408 && state.view === "net") {
    const p = el("p", "A hub's neighbourhood is large; ask for less:");
    const ul = el("ul");
    const offer = (label, change) => {
      const li = el("li");
      li.append(button(label, () => { Object.assign(state, change); render(); }));
      ul.append(li);
    };
    if (state.depth !== "1") offer("Depth 1 (its direct neighbours)", {depth: "1"});
    offer("Organizations only", {types: ["Organization"]});
    const y = new Date().getFullYear();
    offer("Only the last five years (" + (y - 4) + "–" + y + ")",
      {from: String(y - 4), to: String(y)});
    $("panel").append(p, ul);
  }
  if (err instanceof ApiError && err.status === 404 && state.view === "net") {
    $("panel").append(el("p", "The address names an actor that is not in the data: search " +
      "for it by name above."));
  }
}

/** Export links that give what the view shows. */
function exportLinks() {
  const box = $("export-links");
  box.replaceChildren();
  const f = filterParams();
  let p = null;
  let html = null;
  if (state.view === "net" && state.center) {
    p = {view: "neighborhood", id: state.center, depth: state.depth, ...f};
    html = {view: "net", id: state.center, depth: state.depth, ...f};
  } else if (state.view === "coorg") {
    p = {view: "coorg", from: f.from, to: f.to, country: f.country, min_weight: state.minw,
      undated: state.undated ? "true" : ""};
    html = {view: "coorg", from: f.from, to: f.to, country: f.country, min_weight: state.minw};
  } else if (state.view === "path" && state.pfrom && state.pto) {
    p = {view: "paths", from: state.pfrom, to: state.pto, max_hops: 6, k: 3};
    html = {view: "path", pfrom: state.pfrom, pto: state.pto};
  }
  if (!p) {
    box.append(el("span", "Choose a view to export it.", "muted"));
    return;
  }
  const names = {gexf: "GEXF (Gephi)", graphml: "GraphML", csv: "CSV (zip)", json: "JSON"};
  for (const [fmt, name] of Object.entries(names)) {
    const a = el("a", name);
    a.href = href("/api/export", {format: fmt, ...p});
    a.download = "";
    box.append(a);
  }
  const h = el("a", "HTML (standalone)");
  h.href = href("/api/view/export.html", html);
  h.download = "ctgraph-view.html";
  box.append(h);
  if (gl) {
    box.append(button("PNG of the view", async () => {
      const blob = await G.png();
      if (!blob) return;
      const a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = "ctgraph-view.png";
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    }));
  }
  if (state.expanded.length) {
    box.append(el("small", "Exports hold the view without its expansions.", "muted"));
  }
}

/** A permalink: the state, the camera and the data's generation. */
async function permalink() {
  try {
    const g = await api("/api/generation");
    state.gen = g.at || "";
  } catch {
    state.gen = "";
  }
  state.cam = G.cameraText();
  writeHash();
  const url = location.href;
  try {
    await navigator.clipboard?.writeText(url);
  } catch {
    // no clipboard here: the link is shown
  }
  status("Permalink (data as of " + (state.gen || "now").slice(0, 19).replace("T", " ") +
    " UTC): ");
  const a = el("a", url);
  a.href = url;
  $("status").append(a);
}

/** Opened from a permalink: what changed since the generation it was made on. */
async function changesSince() {
  const box = $("changes");
  if (!state.gen) { box.hidden = true; return; }
  try {
    const ch = await api("/api/changes", {since: state.gen, limit: 50});
    showChanges(box, ch);
    box.hidden = false;
  } catch (err) {
    box.replaceChildren(el("p", "What changed since this view was cited is not known: " +
      err.message));
    box.hidden = false;
  }
}

async function playYears() {
  if (state.view !== "coorg" || state.from || state.to) {
    state.view = "coorg";
    state.from = "";
    state.to = "";
    await render();
  }
  $("play").textContent = "Stop";
  const f = filterParams();
  const done = await play({country: f.country}, (y) => {
    const active = new Set(Object.keys(y.degree));
    G.filter((id) => active.has(id), (e, a) => (a.data.properties.spells || [])
      .some((s) => String(s.date).slice(0, 4) === String(y.year)));
    drawHistogram("", "", y.year);
    $("year-now").textContent = String(y.year);
    status(y.year + ": " + plural(y.organizations, "organization", "organizations") + ", " +
      plural(y.links, "link", "links") + "; joined " + y.joined.length + ", left " +
      y.left.length + "; links born " + y.newLinks.length + ", ended " + y.endedLinks.length + ".");
    shownList();
  });
  $("play").textContent = "Play years";
  $("year-now").textContent = "";
  G.filter(() => true, () => true);
  status(done ? "Played every year; the whole network is shown again. Press Play again, or " +
    "choose a year." : "Stopped; the whole network is shown again.");
  drawHistogram(state.from, state.to);
  shownList();
}

let centreBox;
let fromBox;
let toBox;

function wire() {
  G.onGraph({click: select, expand, edge: (e) => {
    const d = G.graph.getEdgeAttribute(e, "data");
    if (d) select(d.source);
  }});
  onPanel({go: centreOn, expand, source: (id) => { state.view = "source"; state.source = id;
    render(); }, select: selectPath, coorg: () => { state.view = "coorg"; render(); },
  paths: () => { state.view = "path"; render(); $("pfrom").focus(); }});
  onFilters(() => { state.cam = ""; render(); });
  onTime({choose: (y) => { state.from = String(y); state.to = String(y); state.cam = "";
    if (state.view === "start") state.view = "coorg"; render(); }});
  centreBox = combo($("q"), {onChoose: (h) => centreOn(h.id), onError: (e) => status(e.message)});
  fromBox = combo($("pfrom"), {onChoose: () => {}, onError: (e) => status(e.message)});
  toBox = combo($("pto"), {onChoose: () => {}, onError: (e) => status(e.message)});
  combo($("focus"), {types: ["Organization"], onChoose: (h) => {
    state.focus = h.id;
    render();
  }});
  $("focus-clear").addEventListener("click", () => {
    state.focus = "";
    $("focus").value = "";
    render();
  });
  $("btn-path").addEventListener("click", () => {
    const a = fromBox.id();
    const b = toBox.id();
    if (!a || !b) {
      status("Choose both ends from the suggestions: type a name, then pick it in the list.");
      (a ? $("pto") : $("pfrom")).focus();
      return;
    }
    state.view = "path";
    state.pfrom = a;
    state.pto = b;
    render();
  });
  for (const b of document.querySelectorAll("#views button")) {
    b.addEventListener("click", () => {
      const v = b.dataset.view;
      if (v === "net" && !state.center) {
        status("Find an actor by name first: the neighbourhood is drawn around it.");
        $("q").focus();
        return;
      }
      state.view = v;
      state.cam = "";
      render();
      if (v === "path" && !(state.pfrom && state.pto)) $("pfrom").focus();
    });
  }
  $("home").addEventListener("click", (e) => {
    e.preventDefault();
    Object.assign(state, structuredClone(DEFAULTS), {types: defaultViewTypes()});
    centreBox.clear();
    render();
  });
  // Escape closes the export menu.
  $("exports").addEventListener("keydown", (e) => {
    if (e.key === "Escape") $("exports").open = false;
  });
  $("btn-link").addEventListener("click", permalink);
  $("play").addEventListener("click", playYears);
  // An address typed or followed, or Back and Forward: drawn once, whichever event says it.
  const followed = () => {
    if (location.hash === shownHash) return;
    readHash();
    render();
    changesSince();
  };
  window.addEventListener("hashchange", followed);
  window.addEventListener("popstate", followed);
}

async function init() {
  gl = G.webgl2();
  const [vocab] = await Promise.allSettled([loadVocabulary()]);
  if (vocab.status === "rejected") {
    status("The vocabulary could not be read: " + vocab.reason.message);
  }
  state.types = defaultViewTypes();
  typeFilters();
  if (gl) {
    G.mount($("net"));
  } else {
    const msg = $("net-msg");
    msg.textContent = "This browser cannot draw WebGL2, which the network drawing needs. " +
      "Every node of the view is listed below (Shown), with its details in the panel.";
    msg.hidden = false;
    document.body.classList.add("no-webgl");
  }
  wire();
  readHash();
  showFilters();
  const [f, t] = await Promise.allSettled([facets(), loadTimeline()]);
  if (f.status === "rejected") status("Filters unavailable: " + f.reason.message);
  if (t.status === "rejected") {
    $("time-note").textContent = "Timeline unavailable: " + t.reason.message;
  }
  readFilters();
  readHash();
  showFilters();
  drawHistogram(state.from, state.to);
  await render();
  await changesSince();
}

// The drawing and its helpers, for the browser tests and the console.
window.ctgraph = {graph: G.graph, sigma: G.sigma, positions: G.positions,
  labelBoxes: G.labelBoxes, state, expand, select, cameraText: G.cameraText};
init();
