/* ctgraph page: plain JS, no build step. Every data text goes through textContent. */
"use strict";
const STYLE = {Organization: ["#1f77b4", "box"], Person: ["#2ca02c", "ellipse"],
  Event: ["#ff7f0e", "diamond"], Source: ["#7f7f7f", "dot"]};
const $ = (id) => document.getElementById(id);
const state = {center: "", depth: 2, types: ["Organization", "Person", "Event"], country: "",
  from: "", to: "", view: "net", pfrom: "", pto: ""};
const nodes = new vis.DataSet(), edges = new vis.DataSet();
let network = null;

function el(tag, text, cls) { const e = document.createElement(tag); if (text != null) e.textContent = String(text); if (cls) e.className = cls; return e; }
function status(t) { $("status").textContent = t; }
async function api(path, params) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach((x) => u.searchParams.append(k, x));
    else if (v !== "" && v != null) u.searchParams.set(k, v);
  }
  const r = await fetch(u);
  if (!r.ok) throw new Error(r.status + " " + (await r.text()).slice(0, 200));
  return r.json();
}

function draw(v, replace) {
  /* v: a view from /api/view/network, built on the server with pyvis; texts are drawn on
     the canvas or set as text by vis-network, never parsed as HTML. */
  if (replace) { nodes.clear(); edges.clear(); }
  nodes.update(v.nodes); edges.update(v.edges);
  const big = v.nodes.some((n) => n.x != null);
  const physics = !big && nodes.length <= 1000;
  if (!network) {
    network = new vis.Network($("net"), {nodes, edges}, v.options);
    network.on("stabilizationIterationsDone", () => { if (nodes.length > 300) network.setOptions({physics: false}); document.body.dataset.stable = "1"; });
    network.on("click", (p) => { if (p.nodes.length) showDetails(p.nodes[0]); });
    network.on("doubleClick", (p) => { if (p.nodes.length) expand(p.nodes[0]); });
  }
  network.setOptions({physics: {enabled: physics}});
  if (!physics) { network.fit(); document.body.dataset.stable = "1"; }
  timeline();
  if (v.truncated) {
    const omitted = Object.entries(v.omitted || {}).map(([k, n]) => n + " " + k).join(", ");
    status("Showing " + nodes.length + " nodes; " + omitted + " more not shown (raise the depth or use Expand).");
  } else status(nodes.length + " nodes, " + edges.length + " edges");
}

function timeline() {
  const tl = $("timeline"); tl.replaceChildren();
  const evs = nodes.get({filter: (n) => n.group === "Event"})
    .map((n) => n.data.properties).sort((a, b) => String(a.startDate).localeCompare(String(b.startDate)));
  for (const e of evs) {
    const li = el("li"); const b = el("button", (e.startDate || e.monthDay || "?") + " " + e.name);
    b.type = "button"; b.addEventListener("click", () => { network.selectNodes([e.id]); network.focus(e.id); showDetails(e.id); });
    li.append(b); tl.append(li);
  }
}

function params(id, depth) {
  return {id, depth, types: state.types, from: state.from ? state.from + "-01-01" : "",
    to: state.to ? state.to + "-12-31" : "", country: state.country};
}

async function load() {
  writeHash();
  document.body.dataset.stable = "";
  try {
    if (state.view === "coorg") {
      draw(await api("/api/view/network", {view: "coorg", from: params().from, to: params().to, country: state.country}), true);
    } else if (state.view === "path" && state.pfrom && state.pto) {
      await findPath();
    } else if (state.center) {
      draw(await api("/api/view/network", params(state.center, state.depth)), true);
      showDetails(state.center);
    }
  } catch (err) { status("Error: " + err.message); }
  exportLinks();
}

async function expand(id) {
  const g = await api("/api/view/network", {...params(id, 1), limit: 50});
  draw(g, false);
  if (g.truncated) {
    const b = el("button", "Get the " + Object.values(g.omitted || {}).reduce((a, b) => a + b, 0) + " more");
    b.type = "button"; b.className = "more";
    b.addEventListener("click", async () => draw(await api("/api/view/network", {...params(id, 1), limit: 5000}), false));
    $("status").append(" ", b);
  }
}

function section(panel, title, items, fmt, total, more) {
  if (!items || !items.length) return;
  panel.append(el("h3", title)); const ul = el("ul");
  for (const it of items) { const li = el("li"); fmt(li, it); ul.append(li); } panel.append(ul);
  if (total > items.length) {
    const b = el("button", (total - items.length) + " more — show all " + total);
    b.type = "button"; b.className = "more"; b.addEventListener("click", more); panel.append(b);
  }
}
function link(id, name) { const a = el("a", name || id); a.href = "#"; a.addEventListener("click", (e) => { e.preventDefault(); state.view = "net"; state.center = id; load(); }); return a; }
function srcs(li, ids) { if (ids && ids.length) li.append(el("small", " [sources: " + ids.join(", ") + "]")); }

async function showDetails(id, all) {
  const panel = $("panel");
  let d; try { d = await api("/api/entities/" + encodeURIComponent(id), all ? {limit: 5000} : {}); } catch (e) { return; }
  const t = d.totals || {}; const more = () => showDetails(id, true);
  panel.replaceChildren();
  panel.append(el("h2", d.name), el("p", d.type + " · " + d.id, "type"));
  if (d.aliases && d.aliases.length) panel.append(el("p", "Also: " + d.aliases.join("; ")));
  const props = el("dl");
  for (const [k, v] of Object.entries(d.properties || {})) {
    if (["name", "aliases", "nameKeys", "searchText", "sourceIds", "id"].includes(k)) continue;
    props.append(el("dt", k), el("dd", Array.isArray(v) ? v.join(", ") : v));
  }
  panel.append(props);
  const b = el("button", "Expand neighbours"); b.type = "button"; b.addEventListener("click", () => expand(id)); panel.append(b);
  section(panel, "Affiliations", d.affiliations, (li, a) => { const o = a.person || a.organization || {}; li.append(link(o.id, o.name), el("span", " — " + (a.position || "") + " " + [a.startDate, a.endDate].filter(Boolean).join("–"))); srcs(li, a.sourceIds); }, t.affiliations, more);
  section(panel, "Events", d.events, (li, e) => { li.append(el("span", (e.event.startDate || e.event.monthDay || "?") + " "), link(e.event.id, e.event.name), el("span", " (" + (e.role || "") + ")")); srcs(li, e.sourceIds); }, t.events, more);
  section(panel, "Organizers", d.organizers, (li, o) => { li.append(link(o.organization.id, o.organization.name), el("span", " (" + o.role + ")")); srcs(li, o.sourceIds); }, t.organizers, more);
  section(panel, "Participants", d.participants, (li, o) => { li.append(link(o.person.id, o.person.name), el("span", " (" + o.role + ")")); srcs(li, o.sourceIds); }, t.participants, more);
  section(panel, "Co-organizers", d.coOrganizers, (li, c) => { li.append(link(c.organization.id, c.organization.name), el("span", " — " + c.weight + " shared events, " + (c.firstDate || "?") + " to " + (c.lastDate || "?"))); }, t.coOrganizers, more);
  section(panel, "Part of", d.partOf, (li, o) => li.append(link(o.id, o.name)), t.partOf, more);
  section(panel, "Parts", d.parts, (li, o) => li.append(link(o.id, o.name)), t.parts, more);
  section(panel, "Sources", d.sources, (li, s) => { li.append(el("span", s.id + ": " + (s.name || "") + " — " + (s.publisher || "") + " " + (s.publishedDate || ""))); if (s.url) li.append(el("div", s.url, "url")); });
}

async function findPath() {
  const r = await api("/api/view/network", {view: "path", pfrom: state.pfrom, pto: state.pto});
  const panel = $("panel"); panel.replaceChildren(el("h2", "Paths " + state.pfrom + " → " + state.pto));
  if (!r.paths.length) { panel.append(el("p", "No path found.")); return; }
  draw(r, true);
  const first = r.paths[0];
  network.selectNodes(first.nodes.map((n) => n.id)); network.selectEdges(first.edges.map((e) => e.id));
  r.paths.forEach((p, i) => {
    panel.append(el("h3", "Path " + (i + 1) + " (" + p.length + " hops)"));
    const ol = el("ol"); const names = Object.fromEntries(p.nodes.map((n) => [n.id, (n.properties || {}).name || n.id]));
    for (const e of p.edges) { const li = el("li", names[e.source] + " —" + e.type + "→ " + names[e.target]); srcs(li, (e.properties || {}).sourceIds); ol.append(li); }
    panel.append(ol);
  });
}

function exportLinks() {
  const p = state.view === "coorg" ? {view: "coorg", from: params().from, to: params().to, country: state.country} : params(state.center, state.depth);
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) { if (Array.isArray(v)) v.forEach((x) => u.append(k, x)); else if (v !== "" && v != null) u.set(k, v); }
  const q = u.toString();
  $("exp-html").href = "/api/view/export.html?" + q;
  $("exp-gexf").href = "/api/export?format=gexf&" + q;
}

function writeHash() {
  const h = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== "" && v != null) h.set(k, Array.isArray(v) ? v.join(",") : v);
  history.replaceState(null, "", "#" + h.toString());
}
function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  for (const k of Object.keys(state)) if (h.has(k)) state[k] = k === "types" ? h.get(k).split(",").filter(Boolean) : h.get(k);
  $("depth").value = state.depth;
  document.querySelectorAll("input[name=type]").forEach((c) => { c.checked = state.types.includes(c.value); });
  $("country").value = state.country;
  if (state.from) $("yfrom").value = state.from; if (state.to) $("yto").value = state.to;
  sliderOut();
}

/* search combobox */
let active = -1, timer = null;
function options() { return [...$("suggest").children]; }
function setActive(i) {
  const os = options(); active = Math.max(-1, Math.min(i, os.length - 1));
  os.forEach((o, j) => o.setAttribute("aria-selected", j === active ? "true" : "false"));
  if (active >= 0) { $("q").setAttribute("aria-activedescendant", os[active].id); os[active].scrollIntoView({block: "nearest"}); }
  else $("q").removeAttribute("aria-activedescendant");
}
function closeSuggest() { $("suggest").hidden = true; $("q").setAttribute("aria-expanded", "false"); active = -1; }
function choose(id) { closeSuggest(); state.view = "net"; state.center = id; load(); }
async function suggest() {
  const q = $("q").value.trim(); const ul = $("suggest");
  if (!q) { closeSuggest(); return; }
  let r; try { r = await api("/api/search", {q, limit: 10}); } catch (e) { return; }
  ul.replaceChildren();
  r.results.forEach((s, i) => {
    const li = el("li", s.name + " — " + s.type); li.id = "opt-" + i; li.setAttribute("role", "option");
    li.dataset.id = s.id; li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(s.id); }); ul.append(li);
  });
  ul.hidden = !r.results.length; $("q").setAttribute("aria-expanded", String(!ul.hidden)); active = -1;
}
$("q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 150); });
$("q").addEventListener("keydown", (e) => {
  if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
  else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
  else if (e.key === "Escape") closeSuggest();
  else if (e.key === "Enter") { e.preventDefault(); const os = options(); const o = os[active >= 0 ? active : 0]; if (o && !$("suggest").hidden) choose(o.dataset.id); }
});
$("q").addEventListener("blur", () => setTimeout(closeSuggest, 100));

/* filters */
function sliderOut() { $("yfrom-out").textContent = $("yfrom").value; $("yto-out").textContent = $("yto").value; }
function readFilters() {
  state.types = [...document.querySelectorAll("input[name=type]:checked")].map((c) => c.value);
  state.country = $("country").value; state.depth = $("depth").value;
  state.from = $("yfrom").value; state.to = $("yto").value; sliderOut();
}
for (const id of ["depth", "country", "yfrom", "yto"]) $(id).addEventListener("change", () => { readFilters(); load(); });
document.querySelectorAll("input[name=type]").forEach((c) => c.addEventListener("change", () => { readFilters(); load(); }));
$("btn-coorg").addEventListener("click", () => { state.view = "coorg"; load(); });
$("btn-path").addEventListener("click", () => { state.view = "path"; state.pfrom = $("pfrom").value.trim(); state.pto = $("pto").value.trim(); load(); });
$("btn-link").addEventListener("click", () => { writeHash(); navigator.clipboard?.writeText(location.href); status("Permalink: " + location.href); });
window.addEventListener("hashchange", () => { readHash(); load(); });

for (const [t, [c]] of Object.entries(STYLE)) { const s = el("span"); const i = el("i"); i.style.background = c; s.append(i, document.createTextNode(t)); $("legend").append(s); }

(async function init() {
  try {
    const f = await api("/api/facets");
    for (const c of f.countries || []) { const o = el("option", c); o.value = c; $("country").append(o); }
    const [lo, hi] = f.years || [2000, new Date().getFullYear()];
    for (const id of ["yfrom", "yto"]) { $(id).min = lo; $(id).max = hi; }
    $("yfrom").value = lo; $("yto").value = hi;
  } catch (e) { status("Facets unavailable: " + e.message); }
  sliderOut();
  readHash();
  $("pfrom").value = state.pfrom; $("pto").value = state.pto;
  load();
})();
