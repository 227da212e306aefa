/* The network drawing: vis-network (a classic script before the modules, global `vis`)
   drawing the views the server builds with pyvis; the timeline and the legend beside it. */
import {$, el, bdi, button, status} from "./dom.js";
import {nodeTypes, relationshipTypes, typeName} from "./vocabulary.js";

export const nodes = new vis.DataSet();
export const edges = new vis.DataSet();
let network = null;
const on = {click: () => {}, doubleClick: () => {}};

/** What a click on a node (or an event in the timeline) and a double click do. */
export function onNode(click, doubleClick) {
  on.click = click;
  on.doubleClick = doubleClick;
}

function create(options) {
  network = new vis.Network($("net"), {nodes, edges}, options);
  network.on("stabilizationIterationsDone", () => {
    if (nodes.length > 300) network.setOptions({physics: false});
    document.body.dataset.stable = "1";
  });
  // Later views (a redraw, an expansion) move the drawing again until it settles.
  network.on("stabilized", () => { document.body.dataset.stable = "1"; });
  network.on("click", (p) => { if (p.nodes.length) on.click(p.nodes[0]); });
  network.on("doubleClick", (p) => { if (p.nodes.length) on.doubleClick(p.nodes[0]); });
}

/** Draws a view from /api/view/network, replacing the drawing or adding to it. Its texts are
    drawn on the canvas or set as text by vis-network, never parsed as HTML. */
export function draw(v, replace) {
  if (replace) { nodes.clear(); edges.clear(); }
  nodes.update(v.nodes);
  edges.update(v.edges);
  const big = v.nodes.some((n) => n.x != null);
  const physics = !big && nodes.length <= 1000;
  if (!network) create(v.options);
  network.setOptions({physics: {enabled: physics}});
  if (!physics) { network.fit(); document.body.dataset.stable = "1"; }
  timeline();
  if (v.truncated) {
    const omitted = Object.entries(v.omitted || {})
      .map(([k, n]) => n + " " + typeName(k, n !== 1)).join(", ");
    status("Showing " + nodes.length + " nodes; " + omitted + " more not shown. " +
      (v.hint || ""));
  } else status(nodes.length + " nodes, " + edges.length + " edges");
}

/** Selects the nodes and edges of one path. */
export function select(nodeIds, edgeIds) {
  network.selectNodes(nodeIds);
  network.selectEdges(edgeIds);
}

function timeline() {
  const tl = $("timeline");
  tl.replaceChildren();
  const evs = nodes.get({filter: (n) => n.group === "Event"})
    .map((n) => n.data.properties)
    .sort((a, b) => String(a.startDate).localeCompare(String(b.startDate)));
  for (const e of evs) {
    const when = e.startDate || e.monthDay || "?";
    const li = el("li");
    const b = button(when + " ", () => {
      network.selectNodes([e.id]);
      network.focus(e.id);
      on.click(e.id);
    });
    b.append(bdi(e.name));
    li.append(b);
    tl.append(li);
  }
}

/** The legend: each node type's colour, shape and name; each relationship type's name. */
export function legend() {
  const box = $("legend");
  box.replaceChildren();
  for (const n of nodeTypes()) {
    const s = el("span", null, "type");
    const i = el("i");
    i.style.background = n.color;
    i.dataset.shape = n.shape;
    s.append(i, document.createTextNode(n.display));
    box.append(s);
  }
  for (const r of relationshipTypes()) {
    const s = el("span", (r.directed ? "→ " : "— ") + r.display, "rel");
    s.title = r.type;
    box.append(s);
  }
}
