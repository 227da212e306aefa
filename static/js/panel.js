/* The side panel: the start page, one entity's record, a source's page, the paths found, the
   co-organization network's figures, and what changed since a cited view. */
import {api, href} from "./api.js";
import {$, el, bdi, button} from "./dom.js";
import {internalProperties, propName, propNames, relDirected, relName, typeName}
  from "./vocabulary.js";

// Properties the panel shows in places of its own (the heading, the type line, the lists).
const SHOWN = ["id", "name", "aliases", "otherNames", "sourceIds"];
const on = {go: () => {}, expand: () => {}, source: () => {}, select: () => {}};
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/** What following a link to an entity or a source, and the Expand button, do. */
export function onPanel(handlers) {
  Object.assign(on, handlers);
}

/** A date with its precision: "2019", "November 2019", "26 November 2019", "30 July, year
    unknown", "date unknown". */
export function when(date, monthDay, precision) {
  if (date) {
    const [y, m, d] = String(date).split("-");
    if (precision === "year") return y;
    if (precision === "month" && m) return MONTHS[Number(m) - 1] + " " + y;
    if (d) return Number(d) + " " + MONTHS[Number(m) - 1] + " " + y;
    if (m) return MONTHS[Number(m) - 1] + " " + y;
    return y;
  }
  if (monthDay) {
    const [m, d] = String(monthDay).replace(/^--/, "").split("-");
    return Number(d) + " " + MONTHS[Number(m) - 1] + ", year unknown";
  }
  return "date unknown";
}

const plural = (n, one, many) => n + " " + (n === 1 ? one : many);

function text(v) {
  if (Array.isArray(v)) return v.map(text).join(", ");
  if (v != null && typeof v === "object") return JSON.stringify(v);
  return v;
}

function period(a, b) {
  if (!a && !b) return "";
  if (a === b) return when(a);
  return (a ? when(a) : "?") + (b && b !== a ? " – " + when(b) : a ? " –" : "");
}

function link(id, name) {
  const a = el("a");
  a.append(bdi(name || id));
  a.href = "#view=net&center=" + encodeURIComponent(id);
  a.addEventListener("click", (e) => { e.preventDefault(); on.go(id); });
  return a;
}

// Names already read, for the facts and changes that give only an id.
const nameCache = new Map();

/** Puts a record's name in place of its id in `a` (a retracted record keeps its id). */
async function nameOf(id, a) {
  if (!nameCache.has(id)) {
    nameCache.set(id, api("/api/entities/" + encodeURIComponent(id)).then((d) => d.name)
      .catch(() => null));
  }
  const name = await nameCache.get(id);
  if (name) a.replaceChildren(bdi(name));
}

function sourceLink(id, name) {
  const a = el("a");
  a.append(bdi(name || id));
  if (!name) nameOf(id, a);
  a.href = "#view=source&source=" + encodeURIComponent(id);
  a.addEventListener("click", (e) => { e.preventDefault(); on.source(id); });
  return a;
}

/** " (then: …)": the name a record had at the event's date, when the API gives one. */
function then(li, name) {
  if (name) li.append(" (then: ", bdi(name), ")");
}

/** A fact's sources, each a link to its page. */
function sources(li, ids, names) {
  if (!ids || !ids.length) return;
  const s = el("small", null, "sources");
  s.append(ids.length === 1 ? " source: " : " sources: ");
  ids.forEach((id, i) => {
    if (i) s.append(", ");
    s.append(sourceLink(id, names?.get(id)));
  });
  li.append(s);
}

/** The sentence of the source that states a fact, when extraction kept it. */
function evidence(li, text) {
  if (!text) return;
  const q = el("q", text, "evidence");
  q.title = "what the source says";
  li.append(" ", q);
}

/** A heading and a list of `items`, each filled in by `fmt`; "and N more" with a button for
    the rest when the list shows fewer than `total`. */
function section(panel, title, items, fmt, total, more, cls = "more") {
  if (!items || !items.length) return;
  const ul = el("ul");
  for (const it of items) {
    const li = el("li");
    fmt(li, it);
    ul.append(li);
  }
  panel.append(el("h3", title), ul);
  if (total > items.length && more) {
    const rest = "and " + (total - items.length) + " more — show all " + total;
    panel.append(button(rest, more, cls));
  }
}

function properties(d) {
  const hidden = new Set([...internalProperties(), ...SHOWN]);
  const order = propNames(d.type);
  const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
  const props = Object.entries(d.properties || {}).sort(([a], [b]) => rank(a) - rank(b));
  const dl = el("dl");
  for (const [k, v] of props) {
    if (hidden.has(k) || k === "monthDay" || k === "content") continue;
    if (k === "datePrecision") continue;
    const shown = k === "startDate" || k === "endDate" ? when(v, k === "startDate" ?
      d.properties.monthDay : null, d.properties.datePrecision)
      : k === "country" ? String(v).toUpperCase() : text(v);
    dl.append(el("dt", propName(d.type, k)), el("dd", shown));
  }
  if (d.type === "Event" && !d.properties?.startDate) {
    dl.append(el("dt", propName(d.type, "startDate")), el("dd", when(null, d.properties.monthDay)));
  }
  for (const o of d.otherNames || []) {
    const dd = el("dd");
    const p = period(o.startDate, o.endDate);
    dd.append(bdi(o.name), p ? " (" + p + ")" : "");
    dl.append(el("dt", propName(d.type, "otherNames")), dd);
  }
  return dl;
}

function facts(panel, d, more) {
  const t = d.totals || {};
  const names = new Map((d.sources || []).map((s) => [s.id, s.name]));
  const role = (r) => (r ? el("span", " (" + r + ")") : "");
  section(panel, "Affiliations", d.affiliations, (li, a) => {
    const o = a.person || a.organization || {};
    li.append(link(o.id, o.name));
    if (a.position) li.append(" — ", bdi(a.position));
    const p = period(a.startDate, a.endDate);
    if (p) li.append(" · " + p);
    sources(li, a.sourceIds, names);
    evidence(li, a.evidence);
  }, t.affiliations, more);
  section(panel, "Events", d.events, (li, e) => {
    const date = when(e.event.startDate, e.event.monthDay, e.event.datePrecision);
    li.append(el("span", date + " · ", "when"),
      link(e.event.id, e.event.name), role(e.role));
    then(li, e.nameThen);
    sources(li, e.sourceIds, names);
    evidence(li, e.evidence);
  }, t.events, more);
  section(panel, "Organizers", d.organizers, (li, o) => {
    li.append(link(o.organization.id, o.organization.name));
    then(li, o.nameThen ?? o.organization.nameThen);
    li.append(role(o.role));
    sources(li, o.sourceIds, names);
    evidence(li, o.evidence);
  }, t.organizers, more);
  section(panel, "Participants", d.participants, (li, o) => {
    li.append(link(o.person.id, o.person.name));
    then(li, o.nameThen ?? o.person.nameThen);
    li.append(role(o.role));
    sources(li, o.sourceIds, names);
    evidence(li, o.evidence);
  }, t.participants, more);
  section(panel, "Co-organizers", d.coOrganizers, (li, c) => {
    li.append(link(c.organization.id, c.organization.name));
    const span = " — " + plural(c.weight, "shared event", "shared events");
    const p = c.firstDate || c.lastDate ?
      (c.firstDate === c.lastDate ? ", " + when(c.firstDate)
        : ", " + period(c.firstDate, c.lastDate))
      : ", dates unknown";
    li.append(el("span", span + p));
    sources(li, c.sourceIds, names);
  }, t.coOrganizers, more);
  section(panel, "Part of", d.partOf, (li, o) => li.append(link(o.id, o.name)), t.partOf, more);
  section(panel, "Parts", d.parts, (li, o) => li.append(link(o.id, o.name)), t.parts, more);
  section(panel, "Sources", d.sources, (li, s) => {
    li.append(sourceLink(s.id, s.name || s.id));
    const by = [s.publisher, s.publishedDate ? when(s.publishedDate) : ""].filter(Boolean);
    if (by.length) li.append(el("span", " — " + by.join(", "), "muted"));
  });
}

/** Says in the panel what went wrong and what to do. */
export function panelError(title, err) {
  const panel = $("panel");
  panel.replaceChildren(el("h2", title), el("p", err.message, "error"));
}

/** Shows an entity's record; every list in full with `all`. */
export async function showDetails(id, all) {
  let d;
  try {
    d = await api("/api/entities/" + encodeURIComponent(id), all ? {limit: 5000} : {});
  } catch (err) {
    panelError("Not shown", err);
    return null;
  }
  const panel = $("panel");
  const heading = el("h2", d.name);
  heading.dir = "auto";
  panel.replaceChildren(heading, el("p", typeName(d.type), "type"));
  if (d.aliases && d.aliases.length) {
    const p = el("p", propName(d.type, "aliases") + ": ");
    d.aliases.forEach((a, i) => {
      if (i) p.append("; ");
      p.append(bdi(a));
    });
    panel.append(p);
  }
  const actions = el("p", null, "actions");
  actions.append(button("Expand neighbours", () => on.expand(d.id)),
    button("Centre here", () => on.go(d.id)));
  panel.append(properties(d), actions);
  if (d.type === "Source") {
    actions.append(button("Every fact it supports", () => on.source(d.id)));
  }
  sources(panel.querySelector("p.type"), d.sourceIds, new Map((d.sources || []).map((s) =>
    [s.id, s.name])));
  facts(panel, d, () => showDetails(id, true));
  await history(panel, d.id);
  return d;
}

/** The record's history: each load, merge, retraction or clear that touched it. */
async function history(panel, id, limit = 10) {
  let h;
  try {
    h = await api("/api/entities/" + encodeURIComponent(id) + "/history", {limit});
  } catch {
    return;
  }
  const named = (x) => {
    const a = link(x, x);
    if (h.items.length <= 50) nameOf(x, a); // a long history keeps the ids: no request storm
    return a;
  };
  // When, what (the operation and the record type, as the history keeps them), and the
  // records it joined, by name.
  const fmt = (li, c) => {
    li.append(el("span", c.at.slice(0, 19).replace("T", " ") + " " + c.op + " " + c.type));
    if (c.otherId) li.append(": ", named(c.entityId), " " + relName(c.relationship || "") + " ",
      named(c.otherId));
    if (c.targetId) li.append(" into ", named(c.targetId));
    if (c.file) li.append(el("span", " — " + c.file + (c.line ? ":" + c.line : ""), "muted"));
  };
  const title = h.total > h.items.length ? "History (latest " + h.items.length + " of " +
    h.total + ")" : "History";
  const box = el("section", null, "history");
  section(box, title, h.items, fmt, h.total, () => {
    box.remove();
    history(panel, id, 1000);
  }, "older");
  panel.append(box);
}

/** A source's page: what it is, and every fact it supports. */
export async function showSource(id) {
  let s;
  try {
    s = await api("/api/sources/" + encodeURIComponent(id) + "/facts", {limit: 500});
  } catch (err) {
    panelError("Source not shown", err);
    return null;
  }
  const r = s.source;
  const panel = $("panel");
  const heading = el("h2", r.name || r.id);
  heading.dir = "auto";
  panel.replaceChildren(heading, el("p", "Source", "type"));
  const dl = el("dl");
  const p = r.properties || {};
  const row = (k, v) => { if (v) dl.append(el("dt", k), el("dd", v)); };
  row("Publisher", p.publisher);
  row("Published", p.publishedDate ? when(p.publishedDate) : "date unknown");
  if (p.url) {
    const a = el("a", p.url);
    a.href = /^https?:\/\//i.test(p.url) ? p.url : "#";
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    const dd = el("dd");
    dd.append(a);
    dl.append(el("dt", "Address"), dd);
  }
  panel.append(dl);
  if (p.content) {
    const text = el("details", null, "item-text");
    text.append(el("summary", "The item's text"), el("p", p.content));
    panel.append(text);
  }
  panel.append(el("p", plural(s.entityTotal, "record cites it", "records cite it") + "; " +
    plural(s.relationshipTotal, "fact names it", "facts name it") + " among its sources."));
  section(panel, "Records", s.entities, (li, e) => {
    li.append(link(e.id, e.name), el("span", " · " + typeName(e.type), "muted"));
  }, s.entityTotal);
  section(panel, "Facts", s.relationships, (li, f) => {
    const [a, b] = relDirected(f.type) ? [" ", " "] : [" ", " "];
    li.append(link(f.source, f.sourceName), a + relName(f.type) + b,
      link(f.target, f.targetName));
    const extra = [f.properties.position, f.properties.role].filter(Boolean);
    if (extra.length) li.append(el("span", " (" + extra.join(", ") + ")", "muted"));
  }, s.relationshipTotal);
  if (s.entityTotal > s.entities.length || s.relationshipTotal > s.relationships.length) {
    const a = el("a", "All of them as JSON");
    a.href = href("/api/sources/" + encodeURIComponent(id) + "/facts", {limit: 5000});
    const all = el("p");
    all.append(a);
    panel.append(all);
  }
  return s;
}

/** Lists the paths found from `a` to `b` (each {id, name}); false when there is none. */
export function showPaths(a, b, paths) {
  const panel = $("panel");
  const h = el("h2", "Paths from ");
  h.append(bdi(a.name || a.id), " to ", bdi(b.name || b.id));
  panel.replaceChildren(h);
  if (!paths.length) {
    panel.append(el("p", "No path of at most 6 links joins them in the data: they may " +
      "belong to parts of the network that nothing connects yet."));
    return false;
  }
  paths.forEach((p, i) => {
    const pick = button("Path " + (i + 1) + " — " + plural(p.length, "link", "links"),
      () => on.select(p));
    const h3 = el("h3");
    h3.append(pick);
    panel.append(h3);
    const names = Object.fromEntries(p.nodes.map((n) => [n.id, (n.properties || {}).name || n.id]));
    const ol = el("ol");
    for (const e of p.edges) {
      const li = el("li");
      li.append(link(e.source, names[e.source]), " " + relName(e.type) + " ",
        link(e.target, names[e.target]));
      li.title = e.type;
      sources(li, (e.properties || {}).sourceIds);
      ol.append(li);
    }
    panel.append(ol);
  });
  return true;
}

/** The co-organization network's figures: the top organizations by the chosen measure. */
export function showCoorg(co, measure, communities, caption) {
  const panel = $("panel");
  panel.replaceChildren(el("h2", "Co-organization network"));
  panel.append(el("p", caption));
  const names = {degree: "partners", weightedDegree: "weighted degree",
    betweenness: "betweenness"};
  const top = [...co.nodes].sort((a, b) => (b[measure] - a[measure]) ||
    String(a.properties.name).localeCompare(String(b.properties.name))).slice(0, 10);
  if (top.length) {
    panel.append(el("h3", "Top organizations by " + names[measure]));
    const ol = el("ol", null, "top");
    for (const n of top) {
      const li = el("li");
      const v = measure === "betweenness" ? n[measure].toFixed(3) : n[measure];
      const also = measure === "degree" ? "" : " · " + plural(n.degree, "partner", "partners");
      li.append(link(n.id, n.properties.name), el("span", " — " + v + " " + names[measure] + also,
        "muted"));
      ol.append(li);
    }
    panel.append(ol);
  }
  if (communities.length) {
    panel.append(el("h3", plural(communities.length, "community", "communities") +
      " (Louvain)"));
    const ul = el("ul", null, "communities");
    communities.slice(0, 12).forEach((c, i) => {
      const li = el("li");
      const sw = el("i");
      sw.style.background = c.colour;
      li.append(sw, "Community " + (i + 1) + ": " +
        plural(c.size, "organization", "organizations"));
      ul.append(li);
    });
    panel.append(ul);
  }
}

/** The start page: how to begin, and the busiest actors. */
export async function showStart() {
  const panel = $("panel");
  panel.replaceChildren(el("h2", "Who works with whom against human trafficking"));
  panel.append(el("p", "Find an organization, a person or an event by name in the box above, " +
    "or open the co-organization network to see which bodies organize events together."));
  const ul = el("ul", null, "start");
  const coorg = el("li");
  coorg.append(button("Open the co-organization network", () => on.coorg()));
  const path = el("li");
  path.append(button("Find how two actors are linked", () => on.paths()));
  ul.append(coorg, path);
  panel.append(ul);
  try {
    const co = await api("/api/graph/co-organization");
    const top = [...co.nodes].sort((a, b) => b.weightedDegree - a.weightedDegree ||
      b.degree - a.degree).slice(0, 8);
    if (top.length) {
      panel.append(el("h3", "Busiest organizers"));
      const ol = el("ol");
      for (const n of top) {
        const li = el("li");
        li.append(link(n.id, n.properties.name), el("span", " — " +
          plural(n.degree, "partner", "partners") + ", weighted degree " + n.weightedDegree +
          " (events shared, counted once per partner)", "muted"));
        ol.append(li);
      }
      panel.append(ol);
    }
  } catch (err) {
    panel.append(el("p", err.message, "error"));
  }
}

/** What changed since the generation a view was cited on. */
export function showChanges(box, ch) {
  box.replaceChildren();
  if (!ch.total) {
    box.append(el("p", "Nothing changed since this view was cited (data as of " +
      ch.since.slice(0, 19).replace("T", " ") + " UTC)."));
    return;
  }
  const p = el("p");
  p.append(el("strong", "The data changed since this view was cited"),
    " (" + ch.since.slice(0, 19).replace("T", " ") + " UTC → " +
    (ch.generation.at || "").slice(0, 19).replace("T", " ") + " UTC): ");
  const words = {create: "added", update: "changed", clear: "cleared", merge: "merged",
    unmerge: "unmerged", retract: "retracted"};
  const parts = [];
  for (const c of ch.counts) {
    if (c.entities) parts.push(plural(c.entities, "record", "records") + " " + words[c.op]);
    if (c.relationships) parts.push(plural(c.relationships, "link", "links") + " " + words[c.op]);
  }
  p.append(parts.join(", ") + ".");
  box.append(p);
  const ul = el("ul");
  // Records first (added, merged, retracted), then links.
  const items = [...ch.items].sort((a, b) => (a.otherId ? 1 : 0) - (b.otherId ? 1 : 0));
  for (const it of items.slice(0, 12)) {
    const li = el("li");
    const named = (id) => {
      const a = link(id, id);
      nameOf(id, a);
      return a;
    };
    li.append(words[it.op] + ": ", named(it.entityId));
    if (it.otherId) li.append(" " + relName(it.relationship || "") + " ", named(it.otherId));
    if (it.targetId) li.append(" → ", named(it.targetId));
    ul.append(li);
  }
  box.append(ul);
  if (ch.total > ch.items.slice(0, 12).length) {
    box.append(el("p", "and " + (ch.total - Math.min(12, ch.items.length)) + " more changes",
      "muted"));
  }
}
