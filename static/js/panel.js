/* The details panel: one entity's record, or the paths found between two actors. */
import {api} from "./api.js";
import {$, el, bdi, button} from "./dom.js";
import {internalProperties, propName, propNames, relDirected, relName, typeName}
  from "./vocabulary.js";

// Properties the panel shows in places of its own (the heading, the type line, the lists).
const SHOWN = ["id", "name", "aliases", "otherNames", "sourceIds"];
const on = {go: () => {}, expand: () => {}};

/** What following a link to an entity and the Expand button do. */
export function onPanel(go, expand) {
  on.go = go;
  on.expand = expand;
}

function text(v) {
  if (Array.isArray(v)) return v.map(text).join(", ");
  if (v != null && typeof v === "object") return JSON.stringify(v);
  return v;
}

function dates(...ds) {
  return ds.filter(Boolean).join("–");
}

function link(id, name) {
  const a = el("a");
  a.append(bdi(name || id));
  a.href = "#";
  a.addEventListener("click", (e) => { e.preventDefault(); on.go(id); });
  return a;
}

/** " (then: …)": the name a record had at the event's date, when the API gives one. */
function then(li, name) {
  if (name) li.append(" (then: ", bdi(name), ")");
}

function sources(li, ids) {
  if (ids && ids.length) li.append(el("small", " [sources: " + ids.join(", ") + "]"));
}

/** A heading and a list of `items`, each filled in by `fmt`; with a button for the rest
    when the list shows fewer than `total`. */
function section(panel, title, items, fmt, total, more) {
  if (!items || !items.length) return;
  const ul = el("ul");
  for (const it of items) {
    const li = el("li");
    fmt(li, it);
    ul.append(li);
  }
  panel.append(el("h3", title), ul);
  if (total > items.length) {
    const rest = (total - items.length) + " more — show all " + total;
    panel.append(button(rest, more, "more"));
  }
}

function properties(d) {
  const hidden = new Set([...internalProperties(), ...SHOWN]);
  const order = propNames(d.type);
  const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
  const props = Object.entries(d.properties || {}).sort(([a], [b]) => rank(a) - rank(b));
  const dl = el("dl");
  for (const [k, v] of props) {
    if (!hidden.has(k)) dl.append(el("dt", propName(d.type, k)), el("dd", text(v)));
  }
  for (const o of d.otherNames || []) {
    const when = dates(o.startDate, o.endDate);
    const dd = el("dd");
    dd.append(bdi(o.name), when ? " (" + when + ")" : "");
    dl.append(el("dt", propName(d.type, "otherNames")), dd);
  }
  return dl;
}

function facts(panel, d, more) {
  const t = d.totals || {};
  const role = (r) => el("span", " (" + (r || "") + ")");
  section(panel, "Affiliations", d.affiliations, (li, a) => {
    const o = a.person || a.organization || {};
    const when = dates(a.startDate, a.endDate);
    li.append(link(o.id, o.name), " — ", bdi(a.position || ""), " " + when);
    sources(li, a.sourceIds);
  }, t.affiliations, more);
  section(panel, "Events", d.events, (li, e) => {
    const when = e.event.startDate || e.event.monthDay || "?";
    li.append(el("span", when + " "), link(e.event.id, e.event.name), role(e.role));
    then(li, e.nameThen);
    sources(li, e.sourceIds);
  }, t.events, more);
  section(panel, "Organizers", d.organizers, (li, o) => {
    li.append(link(o.organization.id, o.organization.name));
    then(li, o.nameThen ?? o.organization.nameThen);
    li.append(role(o.role));
    sources(li, o.sourceIds);
  }, t.organizers, more);
  section(panel, "Participants", d.participants, (li, o) => {
    li.append(link(o.person.id, o.person.name));
    then(li, o.nameThen ?? o.person.nameThen);
    li.append(role(o.role));
    sources(li, o.sourceIds);
  }, t.participants, more);
  section(panel, "Co-organizers", d.coOrganizers, (li, c) => {
    const span = " — " + c.weight + " shared events, " +
      (c.firstDate || "?") + " to " + (c.lastDate || "?");
    li.append(link(c.organization.id, c.organization.name), el("span", span));
  }, t.coOrganizers, more);
  section(panel, "Part of", d.partOf, (li, o) => li.append(link(o.id, o.name)),
    t.partOf, more);
  section(panel, "Parts", d.parts, (li, o) => li.append(link(o.id, o.name)), t.parts, more);
  section(panel, "Sources", d.sources, (li, s) => {
    li.append(s.id + ": ", bdi(s.name || ""), " — ", bdi(s.publisher || ""),
      " " + (s.publishedDate || ""));
    if (s.url) li.append(el("div", s.url, "url"));
  });
}

/** Shows an entity's record; every list in full with `all`. */
export async function showDetails(id, all) {
  let d;
  try {
    d = await api("/api/entities/" + encodeURIComponent(id), all ? {limit: 5000} : {});
  } catch {
    return;
  }
  const panel = $("panel");
  const heading = el("h2", d.name);
  heading.dir = "auto";
  panel.replaceChildren(heading, el("p", typeName(d.type) + " · " + d.id, "type"));
  if (d.aliases && d.aliases.length) {
    const p = el("p", propName(d.type, "aliases") + ": ");
    d.aliases.forEach((a, i) => {
      if (i) p.append("; ");
      p.append(bdi(a));
    });
    panel.append(p);
  }
  panel.append(properties(d), button("Expand neighbours", () => on.expand(id)));
  facts(panel, d, () => showDetails(id, true));
  await history(panel, d.id);
}

/** The record's history: each load, merge, retraction or clear that touched it. */
async function history(panel, id) {
  let h;
  try {
    h = await api("/api/entities/" + encodeURIComponent(id) + "/history", {limit: 20});
  } catch {
    return;
  }
  const fmt = (li, c) => {
    const what = c.op + " " + c.type + (c.otherId ? " → " + c.otherId : "");
    const where = c.file ? " — " + c.file + (c.line ? ":" + c.line : "") : "";
    li.append(el("span", c.at.slice(0, 19).replace("T", " ") + " " + what + where));
  };
  const title = h.total > h.items.length ? "History (latest " + h.items.length + " of " +
    h.total + ")" : "History";
  section(panel, title, h.items, fmt);
}

/** Lists the paths found from `from` to `to`; false when there is none. */
export function showPaths(from, to, paths) {
  const panel = $("panel");
  panel.replaceChildren(el("h2", "Paths " + from + " → " + to));
  if (!paths.length) {
    panel.append(el("p", "No path found."));
    return false;
  }
  paths.forEach((p, i) => {
    panel.append(el("h3", "Path " + (i + 1) + " (" + p.length + " hops)"));
    const names = Object.fromEntries(p.nodes.map((n) => [n.id, (n.properties || {}).name || n.id]));
    const ol = el("ol");
    for (const e of p.edges) {
      const [a, b] = relDirected(e.type) ? [" —", "→ "] : [" — ", " — "];
      const li = el("li");
      li.append(bdi(names[e.source]), a + relName(e.type) + b, bdi(names[e.target]));
      li.title = e.type;
      sources(li, (e.properties || {}).sourceIds);
      ol.append(li);
    }
    panel.append(ol);
  });
  return true;
}
