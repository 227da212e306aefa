/* ctgraph's page: ES modules, no build step. Every text from the data goes through
   textContent, never innerHTML. vis-network is a classic script loaded before (`vis`). */
import {api, query} from "./api.js";
import {$, button, status} from "./dom.js";
import {facets, onFilters, showFilters, sliderOut, typeFilters} from "./filters.js";
import {onPanel, showDetails, showPaths} from "./panel.js";
import {initSearch} from "./search.js";
import {coorgParams, graphParams, readHash, state, writeHash} from "./state.js";
import {defaultViewTypes, loadVocabulary} from "./vocabulary.js";
import {draw, edges, legend, nodes, onNode, select} from "./view.js";

const VIEW = "/api/view/network";

/** Draws what the state says: a neighbourhood, the co-organization network or paths. */
async function load() {
  writeHash();
  document.body.dataset.stable = "";
  try {
    if (state.view === "coorg") {
      draw(await api(VIEW, coorgParams()), true);
    } else if (state.view === "path" && state.pfrom && state.pto) {
      await findPath();
    } else if (state.center) {
      draw(await api(VIEW, graphParams(state.center, state.depth)), true);
      showDetails(state.center);
    }
  } catch (err) {
    status("Error: " + err.message);
  }
  exportLinks();
}

/** Adds a node's neighbours (at most 50, with a button for the rest). */
async function expand(id) {
  const g = await api(VIEW, {...graphParams(id, 1), limit: 50});
  draw(g, false);
  if (g.truncated) {
    const rest = Object.values(g.omitted || {}).reduce((a, b) => a + b, 0);
    const all = async () => draw(await api(VIEW, {...graphParams(id, 1), limit: 5000}), false);
    $("status").append(" ", button("Get the " + rest + " more", all, "more"));
  }
}

async function findPath() {
  const r = await api(VIEW, {view: "path", pfrom: state.pfrom, pto: state.pto});
  if (!showPaths(state.pfrom, state.pto, r.paths)) return;
  draw(r, true);
  const first = r.paths[0];
  select(first.nodes.map((n) => n.id), first.edges.map((e) => e.id));
}

/** Export links that give what the view shows. */
function exportLinks() {
  if (state.view === "path" && state.pfrom && state.pto) {
    const path = {view: "path", pfrom: state.pfrom, pto: state.pto};
    $("exp-html").href = "/api/view/export.html?" + query(path).toString();
    const paths = {view: "paths", from: state.pfrom, to: state.pto};
    $("exp-gexf").href = "/api/export?format=gexf&" + query(paths).toString();
    return;
  }
  const p = state.view === "coorg" ? coorgParams() : graphParams(state.center, state.depth);
  const q = query(p).toString();
  $("exp-html").href = "/api/view/export.html?" + q;
  $("exp-gexf").href = "/api/export?format=gexf&" + q;
}

function go(id) {
  state.view = "net";
  state.center = id;
  load();
}

function wire() {
  onNode(showDetails, expand);
  onPanel(go, expand);
  onFilters(load);
  $("btn-coorg").addEventListener("click", () => { state.view = "coorg"; load(); });
  $("btn-path").addEventListener("click", () => {
    state.view = "path";
    state.pfrom = $("pfrom").value.trim();
    state.pto = $("pto").value.trim();
    load();
  });
  $("btn-link").addEventListener("click", () => {
    writeHash();
    navigator.clipboard?.writeText(location.href);
    status("Permalink: " + location.href);
  });
  window.addEventListener("hashchange", () => { readHash(); showFilters(); load(); });
}

async function init() {
  // Search first: typing must work while the vocabulary and facets are on their way.
  initSearch(go);
  const [vocab, facts] = await Promise.allSettled([loadVocabulary(), facets()]);
  if (vocab.status === "fulfilled") {
    state.types = defaultViewTypes();
    typeFilters();
    legend();
  }
  wire();
  sliderOut();
  readHash();
  showFilters();
  if (vocab.status === "rejected") status("Vocabulary unavailable: " + vocab.reason.message);
  else if (facts.status === "rejected") status("Facets unavailable: " + facts.reason.message);
  load();
}

// The drawing's data and Expand, for the browser tests and the console.
Object.assign(window, {nodes, edges, expand});
init();
