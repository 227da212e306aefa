/* The admin page that reviews duplicate candidates (GET /admin/review): one pair at a time,
   side by side, with the scorer's reasons. x / n / u decide (same, different, unsure), s skips;
   the history lists the decisions (change, undo), and a pair judged the same can be merged;
   undoing a "same" that was merged undoes the merge, after a preview of what comes back.
   Pairs scored below the server's threshold are left out unless asked for.
   The admin key is asked on the page, kept in sessionStorage and sent as X-API-Key. Every text
   from the data goes through textContent (dom.js), names in <bdi>; never innerHTML. */
import {KEY, adminKey, call, explain, showError, wireKeyForm} from "./admin.js";
import {ApiError} from "./api.js";
import {$, el, bdi, button} from "./dom.js";
import {miniNetwork} from "./graph.js";
import {loadVocabulary} from "./vocabulary.js";

const KEYS = {x: "same", n: "different", u: "unsure"};
const ACTIONS = [["same", "Same", "x"], ["different", "Different", "n"],
  ["unsure", "Unsure", "u"], ["skip", "Skip", "s"]];
const VERDICT = {agree: ["✓", "agree"], conflict: ["✗", "conflict"], unknown: ["?", "unknown"]};
const HOOD_SHOWN = 12;

const st = {
  queue: [], // candidate pairs still to show, in the chosen order
  total: 0, // candidates left, as the server counts them
  skipped: new Set(), // pairs skipped on this page (until "show the skipped again")
  current: null, // the pair on screen: the pair endpoint's answer
  reopened: false, // the pair on screen came from the history ("change")
  busy: false,
  gen: 0, // each pair shown or list loaded counts one: late answers of older ones are dropped
  names: new Map(), // id -> name, for the history
  sides: new Map(), // id -> the candidates' side, to choose which record a merge keeps
  merged: new Map(), // pair -> its merge (not undone), from GET /api/admin/merges
  nets: [], // the neighbourhoods' drawings, destroyed with their pair
  merge: null, // {keep, drop} while the merge dialog is open
  mergePreview: null, // the preview the merge dialog shows, set beside the merge's result
  unmerge: null, // {drop, keep, merge, seq, preview} while the unmerge dialog is open
  threshold: null, // the server's score threshold (minScore of a default answer)
  below: 0, // pairs of the type scored below the threshold, left out (unless shown)
};

const fmtScore = (x) => (typeof x === "number" ? x.toFixed(2) : "the threshold");
const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
const pairKey = (a, b) => [a, b].sort().join("\u0000");
const typeNow = () => $("type").value;

function keyProblem(err) {
  return err instanceof ApiError && (err.status === 401 || err.status === 403 ||
    (err.status === 404 && /admin routes are off/i.test(err.detail)));
}

/** A failure of the key: the message, the key forgotten (when wrong), the pair cleared. */
function failed(err) {
  showError(explain(err));
  if (!keyProblem(err)) return;
  if (err.status === 403 || err.status === 401) {
    sessionStorage.removeItem(KEY);
    keyState();
    $("key").focus();
  }
  clearPair("error", el("p", "Nothing to show until the admin key works.", "hint"));
  $("history-list").replaceChildren();
  $("history-status").textContent = "";
  $("left").textContent = "";
}

function keyState() {
  $("key").placeholder = adminKey() ? "key set for this tab" : "X-API-Key";
  $("key-forget").disabled = !adminKey();
}

// -- small pieces ------------------------------------------------------------------------

function remember(side) {
  if (side && side.id && side.name) st.names.set(side.id, side.name);
  if (side && side.id) st.sides.set(side.id, side);
}

function nameOf(id) {
  const span = el("span", null, "who");
  span.append(bdi(st.names.get(id) || id));
  span.title = id;
  return span;
}

function dates(...ds) {
  return ds.filter(Boolean).join("–");
}

/** A link to a URL from the data, only when it is http(s); otherwise its text. */
function extLink(url, text) {
  let ok;
  try {
    ok = ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) return bdi(text || url);
  const a = el("a");
  a.append(bdi(text || url));
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

/** A link that opens the record in the explorer (a new tab). */
function exploreLink(id, name) {
  const a = el("a");
  a.append(bdi(name || id));
  a.href = "/#center=" + encodeURIComponent(id) + "&depth=1&view=net";
  a.target = "_blank";
  a.rel = "noopener";
  a.title = id;
  return a;
}

function list(items, fmt, sep = "; ") {
  if (!items.length) return none();
  const span = el("span");
  items.forEach((x, i) => {
    if (i) span.append(sep);
    span.append(fmt(x));
  });
  return span;
}

function none() {
  return el("span", "—", "none");
}

// -- the comparison ----------------------------------------------------------------------

const norm = (s) => String(s || "").trim().toLowerCase();

function allNames(s) {
  return new Set([s.name, ...(s.aliases || []), ...(s.otherNames || []).map((o) => o.name)]
    .filter(Boolean).map(norm));
}

function overlap(xs, names) {
  return (xs || []).some((x) => names.has(norm(typeof x === "string" ? x : x.name)));
}

/** A value's agreement: the pair endpoint's when it gives one, else from the values. */
function agreement(pair, row, va, vb) {
  const given = (pair.agreement || {})[row.agreement];
  if (row.agreement && given) return given;
  if (row.compare === "names") {
    const hit = overlap(row.get(pair.a), allNames(pair.b)) ||
      overlap(row.get(pair.b), allNames(pair.a));
    return hit ? "agree" : "unknown";
  }
  if (row.compare === "none") return "";
  const empty = (v) => v == null || v === "" || (Array.isArray(v) && !v.length);
  if (empty(va) || empty(vb)) return "unknown";
  if (norm(va) === norm(vb)) return "agree";
  return row.compare === "soft" ? "unknown" : "conflict";
}

const otherName = (o) => {
  const span = el("span");
  const when = dates(o.startDate, o.endDate);
  span.append(bdi(o.name), when ? " (" + when + ")" : "");
  return span;
};

function parentCell(side, rec) {
  if (!side.parentId) return none();
  const ref = ((rec && rec.partOf) || []).find((p) => p.id === side.parentId);
  const span = el("span");
  span.append(exploreLink(side.parentId, ref ? ref.name : side.parentId));
  return span;
}

// The rows: `agreement` names the pair endpoint's field; `compare` says how else to compare.
const ROWS = [
  {key: "name", label: "Name", get: (s) => s.name, agreement: "name",
    show: (s) => (s.name ? bdi(s.name) : none())},
  {key: "aliases", label: "Aliases", get: (s) => s.aliases || [], compare: "names",
    show: (s) => list(s.aliases || [], bdi)},
  {key: "otherNames", label: "Other names (dated)", get: (s) => s.otherNames || [],
    compare: "names", show: (s) => list(s.otherNames || [], otherName)},
  {key: "country", label: "Country", get: (s) => s.country, agreement: "country"},
  {key: "kind", label: "Kind", get: (s) => s.kind, agreement: "kind"},
  {key: "parent", label: "Parent", get: (s) => s.parentId, agreement: "parent",
    show: parentCell},
  {key: "wikidata", label: "Wikidata", get: (s) => s.wikidataId, agreement: "wikidata",
    show: (s) => (s.wikidataId ? extLink("https://www.wikidata.org/wiki/" +
      encodeURIComponent(s.wikidataId), s.wikidataId) : none())},
  {key: "firstDate", label: "First date", get: (s) => s.firstDate, compare: "soft"},
  {key: "lastDate", label: "Last date", get: (s) => s.lastDate, compare: "soft"},
  {key: "id", label: "Id", get: (s) => s.id, compare: "none", show: (s) => el("code", s.id)},
];

function cell(row, side, rec) {
  if (row.show) return row.show(side, rec);
  const v = row.get(side);
  return v == null || v === "" ? none() : bdi(v);
}

function compareTable(pair, recA, recB) {
  const table = el("table", null, "compare");
  const head = el("tr");
  head.append(el("th", ""), el("th", "A"), el("th", "B"), el("th", ""));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  for (const row of ROWS) {
    const va = row.get(pair.a);
    const vb = row.get(pair.b);
    const empty = (v) => v == null || v === "" || (Array.isArray(v) && !v.length);
    if (row.key !== "name" && row.key !== "id" && empty(va) && empty(vb) &&
        !(pair.agreement || {})[row.agreement]) continue;
    const verdict = agreement(pair, row, va, vb);
    const tr = el("tr", null, verdict);
    tr.dataset.field = row.key;
    const ta = el("td", null, "side-a");
    ta.dir = "auto";
    ta.append(cell(row, pair.a, recA));
    const tb = el("td", null, "side-b");
    tb.dir = "auto";
    tb.append(cell(row, pair.b, recB));
    const th = el("th", row.label);
    th.scope = "row";
    const v = el("td", null, "verdict");
    if (VERDICT[verdict]) {
      v.append(VERDICT[verdict][0], el("span", " " + VERDICT[verdict][1], "word"));
      v.title = VERDICT[verdict][1];
    }
    tr.append(th, ta, tb, v);
    tbody.append(tr);
  }
  table.append(thead, tbody);
  return table;
}

function features(pair) {
  const box = el("section", null, "features");
  box.append(el("h3", "Why this score"));
  const ul = el("ul");
  for (const f of pair.features || []) {
    const sign = f.effect > 0 ? "plus" : f.effect < 0 ? "minus" : "zero";
    const li = el("li", null, sign + (f.decisive ? " decisive" : ""));
    const n = Number(f.effect) || 0;
    const effect = (n > 0 ? "+" : n < 0 ? "−" : "±") + Math.abs(n).toFixed(2);
    li.append(el("span", effect, "effect"), " ", el("strong", f.feature), " ");
    const v = el("span", null, "value");
    v.append(bdi(f.value == null ? "" : String(f.value)));
    if (f.decisive) v.append(" ", el("span", "decisive", "badge"));
    li.append(v);
    ul.append(li);
  }
  if (!ul.children.length) ul.append(el("li", "no features given", "none"));
  box.append(ul);
  return box;
}

function shared(pair) {
  const box = el("section", null, "shared");
  box.append(el("h3", "Shared neighbours"));
  const groups = Object.entries(pair.shared || {}).filter(([, xs]) => xs && xs.length);
  if (!groups.length) {
    box.append(el("p", "none", "none"));
    return box;
  }
  const dl = el("dl");
  for (const [kind, xs] of groups) {
    const dd = el("dd");
    dd.append(list(xs, (x) => exploreLink(x.id, x.name), ", "));
    dl.append(el("dt", kind[0].toUpperCase() + kind.slice(1) + " (" + xs.length + ")"), dd);
  }
  box.append(dl);
  return box;
}

function sourcesOf(rec, other) {
  const box = el("div", null, "sources");
  box.append(el("h4", "Sources"));
  const srcs = (rec && rec.sources) || [];
  if (!rec) {
    box.append(el("p", "record unavailable", "none"));
    return box;
  }
  if (!srcs.length) {
    box.append(el("p", "none", "none"));
    return box;
  }
  const theirs = new Set(((other && other.sources) || []).map((s) => s.id));
  const ul = el("ul");
  for (const s of srcs) {
    const li = el("li", null, theirs.has(s.id) ? "both" : "");
    li.append(s.url ? extLink(s.url, s.name || s.id) : bdi(s.name || s.id));
    const meta = el("div", null, "meta");
    if (s.publisher) meta.append(bdi(s.publisher));
    if (s.publisher && s.publishedDate) meta.append(" · ");
    if (s.publishedDate) meta.append(el("time", s.publishedDate));
    if (theirs.has(s.id)) meta.append(" · ", el("span", "cited by both", "badge"));
    if (meta.childNodes.length) li.append(meta);
    ul.append(li);
  }
  box.append(ul);
  return box;
}


/** The neighbourhood at depth 1: a small drawing and the list of neighbours. */
function neighbourhood(view, id) {
  const box = el("div", null, "hood");
  box.append(el("h4", "Neighbourhood"));
  if (!view) {
    box.append(el("p", "neighbourhood unavailable", "none"));
    return box;
  }
  const others = view.nodes.filter((n) => n.id !== id);
  if (typeof Sigma !== "undefined" && view.nodes.length > 1) {
    const canvas = el("div", null, "hood-net");
    canvas.setAttribute("aria-hidden", "true");
    box.append(canvas);
    requestAnimationFrame(() => draw(canvas, view, id));
  }
  if (!others.length) {
    box.append(el("p", "no neighbours", "none"));
    return box;
  }
  const ul = el("ul", null, "hood-list");
  for (const n of others.slice(0, HOOD_SHOWN)) {
    const li = el("li");
    const name = ((n.data || {}).properties || {}).name || n.id;
    li.append(el("span", n.group || "", "kind"), " ", exploreLink(n.id, name));
    ul.append(li);
  }
  box.append(ul);
  if (others.length > HOOD_SHOWN) {
    box.append(el("p", "… and " + (others.length - HOOD_SHOWN) + " more", "muted"));
  }
  return box;
}

function draw(canvas, view, id) {
  if (!canvas.isConnected) return;
  // sigma.js (WebGL), as the explorer draws: the names at most 24 characters, the record
  // under review larger.
  const nodes = view.nodes.map((n) => ({id: n.id, type: n.group,
    name: ((n.data || {}).properties || {}).name || n.id}));
  const edges = view.edges.map((e) => ({source: e.from, target: e.to}));
  st.nets.push(miniNetwork(canvas, nodes, edges, id));
  canvas.dataset.stable = "1";
}

function sideColumn(label, side, rec, other, view) {
  const col = el("section", null, "side");
  const h = el("h3");
  h.dir = "auto";
  h.append(el("span", label + " ", "tag"), bdi(side.name || side.id));
  col.append(h, sourcesOf(rec, other), neighbourhood(view, side.id));
  return col;
}

// -- the pair on screen ------------------------------------------------------------------

function clearPair(state, ...content) {
  st.nets.forEach((n) => n.destroy());
  st.nets = [];
  st.current = null;
  const box = $("pair");
  box.dataset.state = state;
  delete box.dataset.a;
  delete box.dataset.b;
  box.replaceChildren(...content);
}

function judgementLine(pair) {
  const p = el("p", null, "judged");
  const j = pair.judgement;
  if (!j && pair.decision) {
    // No decision on this pair itself, but one follows from others ("same" is transitive).
    p.append("Follows from other decisions: ", el("span", pair.decision,
      "decision " + pair.decision));
  } else if (!j) {
    p.append(el("span", "Not judged yet", "muted"));
  } else {
    p.append("Judged ", el("span", j.decision, "decision " + j.decision),
      " (#" + j.seq + (j.by ? ", by " + j.by : "") + (j.at ? ", " + when(j.at) : "") + ")");
    const merge = st.merged.get(pairKey(pair.a.id, pair.b.id));
    if (merge) {
      p.append(" ", el("span", "merged (#" + merge.seq + ")", "badge"), " ",
        button("Unmerge…", () => openUnmerge(merge, j.decision === "same" ? j.seq : null),
          "unmerge"));
    } else if (j.decision === "same") {
      p.append(" ", button("Merge…", () => openMerge(...keepFirst(pair.a, pair.b)), "merge"));
    }
  }
  const past = (pair.history || []).filter((h) => !j || h.seq !== j.seq);
  if (past.length) {
    p.append(el("span", " · earlier: " + past.map((h) => "#" + h.seq + " " + h.decision +
      (h.undoes ? " #" + h.undoes : "")).join(", "), "muted"));
  }
  return p;
}

function decideBar() {
  const bar = el("div", null, "decide");
  for (const [decision, label, k] of ACTIONS) {
    const b = button(label + " ", () => (decision === "skip" ? skip() : decide(decision)),
      "act " + decision);
    b.append(el("kbd", k));
    b.dataset.decision = decision;
    b.setAttribute("aria-keyshortcuts", k);
    bar.append(b);
  }
  const note = el("input");
  note.id = "note";
  note.type = "text";
  note.maxLength = 500;
  note.placeholder = "note (optional)";
  note.setAttribute("aria-label", "note for the decision");
  bar.append(note);
  return bar;
}

function render(pair, recA, recB, viewA, viewB) {
  clearPair("pair");
  st.current = pair;
  remember(pair.a);
  remember(pair.b);
  const box = $("pair");
  box.dataset.a = pair.a.id;
  box.dataset.b = pair.b.id;
  const head = el("div", null, "pair-head");
  const title = el("h2", st.reopened ? "Pair (reopened from the decisions)" : "Pair");
  const score = Number(pair.score) || 0;
  const meter = el("meter");
  meter.min = 0;
  meter.max = 1;
  meter.low = 0.4;
  meter.high = 0.8;
  meter.optimum = 1;
  meter.value = score;
  const sc = el("span", null, "score");
  sc.append("score ", el("strong", score.toFixed(2)), " ", meter);
  head.append(title, sc);
  if (typeof st.threshold === "number" && score < st.threshold) {
    head.append(el("span", "below the threshold (" + fmtScore(st.threshold) + ")",
      "badge weak"));
  }
  box.append(head, judgementLine(pair), compareTable(pair, recA, recB), decideBar());
  const why = el("div", null, "why");
  why.append(features(pair), shared(pair));
  const sides = el("div", null, "sides");
  sides.append(sideColumn("A", pair.a, recA, recB, viewA),
    sideColumn("B", pair.b, recB, recA, viewB));
  box.append(why, sides);
}

async function record(id) {
  try {
    return await call("GET", "/api/entities/" + encodeURIComponent(id), {admin: false});
  } catch {
    return null;
  }
}

async function hood(id) {
  try {
    return await call("GET", "/api/view/network", {params: {id, depth: 1, limit: 60},
      admin: false});
  } catch {
    return null;
  }
}

/** Shows the pair a–b in full (the pair endpoint, both records, both neighbourhoods). */
async function openPair(a, b, reopened) {
  const gen = ++st.gen;
  st.reopened = reopened;
  clearPair("loading", el("p", "Loading the pair…", "hint"));
  let got;
  try {
    got = await Promise.all([call("GET", "/api/admin/candidates/pair", {params: {a, b}}),
      record(a), record(b), hood(a), hood(b)]);
  } catch (err) {
    if (gen !== st.gen) return;
    if (keyProblem(err)) failed(err);
    else {
      showError(explain(err));
      clearPair("error", el("p", "This pair could not be shown.", "hint"),
        button("Next pair", () => { st.queue.shift(); next(); }));
    }
    return;
  }
  if (gen !== st.gen) return;
  showError("");
  render(...got);
}

function emptyState() {
  const type = typeNow();
  const box = el("div", null, "empty");
  if (!$("show-below").checked && st.below > 0) {
    // Pairs are left, but none the scorer thinks worth a look.
    const t = fmtScore(st.threshold);
    box.dataset.reason = "threshold";
    box.append(el("h2", "Nothing left above the threshold for " + type));
    const besides = st.skipped.size ? " (besides the " + plural(st.skipped.size, "pair") +
      " skipped)" : "";
    box.append(el("p", "No " + type + " pair left scores " + t + " or more" + besides +
      ": nothing left is worth a look. " + plural(st.below, "pair") +
      (st.below === 1 ? " scores" : " score") + " below " + t +
      ", which the scorer takes for two records.", "muted"));
    box.append(button("Show the " + plural(st.below, "pair") + " below " + t, () => {
      $("show-below").checked = true;
      reload();
    }, "show-below"));
  } else {
    box.append(el("h2", "No candidates left for " + type));
    box.append(el("p", "Every candidate pair of this type is judged (or already one record). " +
      "Choose another type above, or undo a decision in the list.", "muted"));
  }
  const skipped = st.skipped.size;
  if (skipped) {
    box.append(button("Show the " + skipped + " skipped pair" + (skipped > 1 ? "s" : "") +
      " again", () => { st.skipped.clear(); reload(); }));
  }
  clearPair("empty", box);
}

function leftText() {
  const type = typeNow();
  let text = st.total + " candidate pair" + (st.total === 1 ? "" : "s") + " left (" + type + ")";
  if ($("show-below").checked) text += ", those below " + fmtScore(st.threshold) + " included";
  else if (st.below) text += "; " + st.below + " below " + fmtScore(st.threshold) + " not shown";
  $("left").textContent = text + (st.skipped.size ? ", " + st.skipped.size + " skipped" : "");
}

function thresholdText() {
  $("threshold").textContent = fmtScore(st.threshold);
}

/** Loads the candidates of the chosen type and order (judged ones are left out, and those
    scored below the server's threshold unless asked for). */
async function loadQueue() {
  const gen = ++st.gen;
  const all = $("show-below").checked;
  const params = {type: typeNow(), order: $("order").value, limit: 50};
  if (all) params.min_score = 0;
  const r = await call("GET", "/api/admin/candidates", {params});
  if (gen !== st.gen) return false;
  st.total = r.total;
  if (!all) {
    st.below = r.below || 0;
    if (typeof r.minScore === "number") st.threshold = r.minScore;
    thresholdText();
  }
  st.queue = r.items.filter((p) => !st.skipped.has(pairKey(p.a.id, p.b.id)));
  r.items.forEach((p) => { remember(p.a); remember(p.b); });
  leftText();
  return true;
}

/** Shows the first pair of the queue (loading the next candidates when it is empty). */
async function next() {
  if (!st.queue.length) {
    try {
      if (!(await loadQueue())) return;
    } catch (err) {
      failed(err);
      return;
    }
  }
  if (!st.queue.length) {
    emptyState();
    return;
  }
  const p = st.queue[0];
  await openPair(p.a.id, p.b.id, false);
}

async function reload() {
  st.queue = [];
  if (!adminKey()) {
    await start(); // nothing to ask the server yet: the key first
    return;
  }
  await next();
}

function dropFromQueue(a, b) {
  const k = pairKey(a, b);
  const before = st.queue.length;
  st.queue = st.queue.filter((p) => pairKey(p.a.id, p.b.id) !== k);
  return before - st.queue.length;
}

async function decide(decision) {
  const pair = st.current;
  if (st.busy || !pair) return;
  st.busy = true;
  $("pair").dataset.busy = "1";
  try {
    const body = {a: pair.a.id, b: pair.b.id, decision};
    const note = $("note") ? $("note").value.trim() : "";
    if (note) body.note = note;
    const j = await call("POST", "/api/admin/judgements", {body});
    showError("");
    if (dropFromQueue(pair.a.id, pair.b.id) && st.total > 0) st.total -= 1;
    leftText();
    flash("Recorded #" + j.seq + ": " + decision);
    await Promise.all([refreshHistory(), next()]);
  } catch (err) {
    if (keyProblem(err)) failed(err);
    else showError(explain(err));
  } finally {
    st.busy = false;
    delete $("pair").dataset.busy;
  }
}

async function skip() {
  const pair = st.current;
  if (st.busy || !pair) return;
  if (!st.reopened) {
    st.skipped.add(pairKey(pair.a.id, pair.b.id));
    dropFromQueue(pair.a.id, pair.b.id);
    leftText();
  }
  await next();
}

function flash(text) {
  const f = $("history-status");
  f.textContent = text;
}

// -- the decisions -----------------------------------------------------------------------

function when(at) {
  return String(at || "").slice(0, 16).replace("T", " ");
}

/** Which judgements still hold: newest first, the first decision of a pair not undone. */
function states(items) {
  const undone = new Set(items.filter((j) => j.decision === "undone").map((j) => j.undoes));
  const seen = new Set();
  return items.map((j) => {
    if (j.decision === "undone") return "undo";
    if (undone.has(j.seq)) return "undone";
    const k = pairKey(j.a, j.b);
    if (seen.has(k)) return "superseded";
    seen.add(k);
    return "current";
  });
}

const STATE_TEXT = {undone: "undone", superseded: "changed later", undo: ""};

function historyItem(j, state) {
  const li = el("li", null, "j " + state);
  li.dataset.seq = j.seq;
  li.dataset.state = state;
  li.dataset.decision = j.decision;
  const top = el("div", null, "top");
  top.append(el("span", "#" + j.seq, "seq"), " ",
    el("span", j.decision === "undone" ? "undo #" + j.undoes : j.decision,
      "decision " + j.decision));
  if (STATE_TEXT[state]) top.append(" ", el("span", STATE_TEXT[state], "state"));
  const who = el("div", null, "pair-names");
  who.append(nameOf(j.a), " ↔ ", nameOf(j.b));
  const meta = el("div", when(j.at) + (j.by ? " · " + j.by : ""), "meta");
  li.append(top, who, meta);
  if (j.note) {
    const note = el("div", null, "note");
    note.append(bdi(j.note));
    li.append(note);
  }
  const acts = el("div", null, "acts");
  acts.append(button("change", () => openPair(j.a, j.b, true), "change"));
  const merge = st.merged.get(pairKey(j.a, j.b));
  if (state === "current") {
    if (j.decision === "same" && merge) {
      // Undoing it undoes the merge too: a preview of what comes back first.
      const b = button("undo…", () => openUnmerge(merge, j.seq), "undo unmerge");
      b.title = "undo the merge (#" + merge.seq + ") and this decision";
      acts.append(b, el("span", "merged (#" + merge.seq + ")", "badge merged"));
    } else acts.append(button("undo", () => undo(j.seq), "undo"));
    if (j.decision === "same" && !merge) {
      const [a, b] = [st.sides.get(j.a), st.sides.get(j.b)];
      const ends = a && b ? keepFirst(a, b) : [j.a, j.b];
      acts.append(button("Merge…", () => openMerge(...ends), "merge"));
    }
  }
  li.append(acts);
  return li;
}

async function refreshHistory() {
  if (!adminKey()) return;
  let r;
  let merges;
  try {
    [r, merges] = await Promise.all([
      call("GET", "/api/admin/judgements", {params: {limit: 50}}),
      call("GET", "/api/admin/merges").catch(() => ({items: []}))]);
  } catch (err) {
    // A bad key is said above the page already.
    $("history-status").textContent = keyProblem(err) ? "" : explain(err);
    return;
  }
  st.merged = new Map((merges.items || []).filter((m) => !m.undone)
    .map((m) => [pairKey(m.keep, m.drop), m]));
  const ol = $("history-list");
  const ss = states(r.items);
  ol.replaceChildren(...r.items.map((j, i) => historyItem(j, ss[i])));
  if (!r.items.length) ol.append(el("li", "No decisions yet.", "none"));
  const shown = r.total > r.items.length ? " (the latest " + r.items.length + ")" : "";
  $("history").dataset.total = r.total;
  $("history-status").textContent = r.total + " recorded" + shown;
}

async function undo(seq) {
  try {
    const j = await call("POST", "/api/admin/judgements/" + encodeURIComponent(seq) + "/undo");
    showError("");
    await refreshHistory();
    flash("Undid #" + seq + " (recorded as #" + j.seq + ")");
    const p = st.current;
    if (p && pairKey(p.a.id, p.b.id) === pairKey(j.a, j.b)) {
      await openPair(p.a.id, p.b.id, st.reopened);
    } else if (!p) {
      await reload(); // "nothing left" may no longer be true: the undone pair can come back
    }
  } catch (err) {
    if (keyProblem(err)) failed(err);
    else showError(explain(err));
  }
}

// -- merging -----------------------------------------------------------------------------

/** The record to keep first: the one named latest, then the better sourced. */
function keepFirst(a, b) {
  const la = a.lastDate || "";
  const lb = b.lastDate || "";
  if (la !== lb) return la > lb ? [a.id, b.id] : [b.id, a.id];
  return (b.sourceIds || []).length > (a.sourceIds || []).length ? [b.id, a.id] : [a.id, b.id];
}

function table(headers, rows) {
  const t = el("table", null, "small");
  const tr = el("tr");
  headers.forEach((h) => tr.append(el("th", h)));
  const thead = el("thead");
  thead.append(tr);
  const tbody = el("tbody");
  for (const r of rows) {
    const row = el("tr");
    r.forEach((c) => {
      const td = el("td");
      td.dir = "auto";
      td.append(c instanceof Node ? c : bdi(c == null ? "—" : String(c)));
      row.append(td);
    });
    tbody.append(row);
  }
  t.append(thead, tbody);
  return t;
}

/** Relationships per type: the preview's figures and, when given, the result's beside them
    (a row whose figures differ is marked), with their totals. */
function figures(heads, before, after) {
  const t = el("table", null, "small figures");
  const head = el("tr");
  ["Relationship", ...heads].forEach((h) => head.append(el("th", h)));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  const types = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])].sort();
  const sum = (m) => Object.values(m || {}).reduce((n, x) => n + (Number(x) || 0), 0);
  const row = (label, b, a, cls) => {
    const tr = el("tr", null, cls);
    tr.append(el(cls === "total" ? "th" : "td", label), el("td", String(b)));
    if (after) tr.append(el("td", String(a)));
    if (after && b !== a) tr.classList.add("differs");
    return tr;
  };
  for (const type of types) {
    const tr = row(type, (before || {})[type] || 0, (after || {})[type] || 0);
    tr.dataset.type = type;
    tbody.append(tr);
  }
  if (!types.length) {
    const tr = el("tr");
    const td = el("td", "nothing", "none");
    td.colSpan = after ? 3 : 2;
    tr.append(td);
    tbody.append(tr);
  }
  const tfoot = el("tfoot");
  tfoot.append(row("All", sum(before), sum(after), "total"));
  t.append(thead, tbody, tfoot);
  return t;
}

function preview(p) {
  st.mergePreview = p;
  const body = $("merge-body");
  remember(p.keep);
  remember(p.drop);
  const intro = el("p");
  intro.append("Keep ", el("strong", null), " and fold ", el("strong", null), " into it.");
  intro.children[0].append(bdi(p.keep.name || p.keep.id), " (" + p.keep.id + ")");
  intro.children[1].append(bdi(p.drop.name || p.drop.id), " (" + p.drop.id + ")");
  const moves = Object.entries(p.moves || {});
  const parts = [intro, el("h3", "What moves: " + (p.relationships ?? 0) + " relationship" +
    (p.relationships === 1 ? "" : "s"))];
  parts.push(moves.length ? table(["Relationship", "Count"], moves) : el("p", "nothing", "none"));
  const conflicts = p.conflicts || [];
  parts.push(el("h3", "Conflicts (" + conflicts.length + ")"));
  if (conflicts.length) {
    parts.push(table(["Field", "Kept", "Dropped"], conflicts.map((c) =>
      [c.field, c.keep, c.drop])));
    parts.push(el("p", "The kept record's values stay.", "muted"));
  } else parts.push(el("p", "none", "none"));
  const res = p.result || {};
  parts.push(el("h3", "Names after the merge"));
  const dl = el("dl");
  const dd = (x) => { const d = el("dd"); d.dir = "auto"; d.append(x); return d; };
  dl.append(el("dt", "Name"), dd(bdi(res.name || p.keep.name || "")));
  if ((res.aliases || []).length) dl.append(el("dt", "Aliases"), dd(list(res.aliases, bdi)));
  const dated = res.otherNames || p.names || [];
  if (dated.length) dl.append(el("dt", "Other names"), dd(list(dated, otherName)));
  parts.push(dl);
  body.replaceChildren(...parts);
  $("merge-confirm").disabled = false;
}

async function openMerge(keep, drop) {
  st.merge = {keep, drop};
  const dlg = $("merge");
  $("merge-title").textContent = "Merge";
  $("merge-body").replaceChildren(el("p", "Loading the preview…", "hint"));
  $("merge-confirm").disabled = true;
  $("merge-confirm").hidden = false;
  $("merge-swap").hidden = false;
  $("merge-note").parentElement.hidden = false;
  $("merge-close").textContent = "Cancel";
  if (!dlg.open) dlg.showModal();
  try {
    const p = await call("GET", "/api/admin/merge/preview", {params: {keep, drop}});
    if (!st.merge || st.merge.keep !== keep) return;
    preview(p);
  } catch (err) {
    $("merge-body").replaceChildren(el("p", explain(err), "error"));
  }
}

async function confirmMerge() {
  const m = st.merge;
  if (!m) return;
  $("merge-confirm").disabled = true;
  const body = {keep: m.keep, drop: m.drop};
  const note = $("merge-note").value.trim();
  if (note) body.note = note;
  try {
    const r = await call("POST", "/api/admin/merge", {body});
    $("merge-title").textContent = "Merged";
    const p = el("p", null, "result");
    p.append("Merged ", nameOf(r.drop || m.drop), " into ", nameOf(r.keep || m.keep), ": " +
      (r.relationships ?? 0) + " relationships moved (merge #" + r.merge + ").");
    const parts = [p];
    const pv = st.mergePreview;
    if (r.moves) {
      // What the preview said beside what the merge did, per type, counted the same way.
      parts.push(el("h3", "Relationships moved, per type"),
        figures(["Preview", "Moved"], pv ? pv.moves : {}, r.moves));
      const differs = pv && JSON.stringify(figuresOf(pv.moves)) !==
        JSON.stringify(figuresOf(r.moves));
      if (differs) {
        parts.push(el("p", "The merge moved other figures than its preview said (the graph " +
          "changed in between?): the marked rows.", "error differs-note"));
      }
    }
    $("merge-body").replaceChildren(...parts);
    $("merge-confirm").hidden = true;
    $("merge-swap").hidden = true;
    $("merge-note").parentElement.hidden = true;
    $("merge-close").textContent = "Close";
    $("merge-note").value = "";
    st.merge = null;
    dropFromQueue(m.keep, m.drop);
    await refreshHistory();
  } catch (err) {
    $("merge-body").append(el("p", explain(err), "error"));
    $("merge-confirm").disabled = false;
  }
}

/** A figures map without its zero entries, its keys in order (to compare two). */
function figuresOf(m) {
  return Object.entries(m || {}).filter(([, n]) => Number(n)).sort();
}

/** The dialog closed (Cancel, Close or Escape): after a merge, the candidates as they are now. */
function mergeClosed() {
  const merged = $("merge-title").textContent === "Merged";
  st.merge = null;
  $("merge-title").textContent = "Merge";
  if (merged) reload();
}

// -- undoing a merge ---------------------------------------------------------------------

/** Opens the unmerge dialog on a merge (from GET /api/admin/merges): first what comes back.
    `seq` is the "same" decision the merge rests on (undone with it), when there is one. */
async function openUnmerge(merge, seq) {
  st.unmerge = {drop: merge.drop, keep: merge.keep, merge: merge.seq, seq, preview: null};
  const dlg = $("unmerge");
  $("unmerge-title").textContent = "Undo the merge";
  $("unmerge-body").replaceChildren(el("p", "Loading what comes back…", "hint"));
  $("unmerge-confirm").disabled = true;
  $("unmerge-confirm").hidden = false;
  $("unmerge-close").textContent = "Cancel";
  if (!dlg.open) dlg.showModal();
  try {
    const p = await call("GET", "/api/admin/unmerge/preview", {params: {drop: merge.drop}});
    if (!st.unmerge || st.unmerge.drop !== merge.drop) return;
    st.unmerge.preview = p;
    unmergePreview(p);
  } catch (err) {
    if (keyProblem(err)) {
      dlg.close();
      failed(err);
      return;
    }
    $("unmerge-body").replaceChildren(el("p", explain(err), "error"));
  }
}

function unmergePreview(p) {
  const u = st.unmerge;
  const keep = p.keep || {id: u.keep};
  const drop = p.drop || {id: u.drop};
  remember(keep);
  remember(drop);
  const seq = u.seq;
  const intro = el("p", null, "intro");
  const strong = (side) => {
    const s = el("strong");
    s.append(bdi(side.name || st.names.get(side.id) || side.id), " (" + side.id + ")");
    return s;
  };
  intro.append(seq != null ? "Undoing decision #" + seq + " (same) undoes merge #" +
    (p.merge ?? u.merge) + " too: " : "Undo merge #" + (p.merge ?? u.merge) + ": ",
  strong(drop), " comes back as a record of its own, split from ", strong(keep), ".");
  const parts = [intro];
  if (p.refused) {
    parts.push(el("p", "This merge cannot be undone now: " + p.refused, "error refused"),
      el("p", "Nothing was changed.", "muted"));
    $("unmerge-body").replaceChildren(...parts);
    $("unmerge-confirm").disabled = true;
    return;
  }
  parts.push(el("h3", "What comes back to it: " + plural(p.relationships ?? 0, "relationship")),
    figures(["Count"], p.moves || {}));
  parts.push(el("p", "What changed on the kept record since the merge stays. The " +
    "\u201csame\u201d decision on the pair is undone with the merge, so the pair is a " +
    "candidate again.", "muted"));
  $("unmerge-body").replaceChildren(...parts);
  $("unmerge-confirm").disabled = false;
}

/** Whether a decision still holds (not undone, not changed since). */
async function stillCurrent(seq, id) {
  const r = await call("GET", "/api/admin/judgements", {params: {a: id, limit: 1000}});
  const i = r.items.findIndex((j) => j.seq === seq);
  return i >= 0 && states(r.items)[i] === "current";
}

async function confirmUnmerge() {
  const u = st.unmerge;
  if (!u || !u.preview) return;
  $("unmerge-confirm").disabled = true;
  let r;
  try {
    r = await call("POST", "/api/admin/unmerge", {body: {drop: u.drop}});
  } catch (err) {
    if (keyProblem(err)) {
      $("unmerge").close();
      failed(err);
      return;
    }
    const text = err instanceof ApiError && err.status === 422 ?
      "The unmerge was refused: " + err.detail : explain(err);
    $("unmerge-body").append(el("p", text, "error refused"));
    return;
  }
  // The unmerge undoes the "same" it rests on; should that decision still hold, undo it too.
  let undone = "";
  if (u.seq != null) {
    try {
      if (await stillCurrent(u.seq, u.drop)) {
        await call("POST", "/api/admin/judgements/" + encodeURIComponent(u.seq) + "/undo");
      }
      undone = " Decision #" + u.seq + " is undone.";
    } catch (err) {
      undone = " Decision #" + u.seq + " could not be undone: " + explain(err);
    }
  }
  $("unmerge-title").textContent = "Unmerged";
  const p = el("p", null, "result");
  p.append(nameOf(r.drop || u.drop), " is a record of its own again, split from ",
    nameOf(r.keep || u.keep), " (merge #" + (r.merge ?? u.merge) + " undone)." + undone);
  const parts = [p];
  if (r.moves) {
    parts.push(el("h3", "Relationships back, per type"),
      figures(["Preview", "Back"], u.preview.moves || {}, r.moves));
  } else {
    parts.push(el("h3", "Relationships back, per type (as the preview counted them)"),
      figures(["Preview"], u.preview.moves || {}));
  }
  $("unmerge-body").replaceChildren(...parts);
  $("unmerge-confirm").hidden = true;
  $("unmerge-close").textContent = "Close";
  flash("Undid merge #" + (r.merge ?? u.merge) + (u.seq != null ? " and #" + u.seq : ""));
  await refreshHistory();
}

/** The unmerge dialog closed: after an unmerge, the candidates as they are now (the pair is
    one again). */
function unmergeClosed() {
  const done = $("unmerge-title").textContent === "Unmerged";
  st.unmerge = null;
  $("unmerge-title").textContent = "Undo the merge";
  if (done) reload();
}

// -- wiring ------------------------------------------------------------------------------

function typing(t) {
  return t instanceof HTMLElement && (t.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
}

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || typing(e.target)) return;
  if ($("merge").open || $("unmerge").open) return;
  const k = e.key.toLowerCase();
  if (KEYS[k]) {
    e.preventDefault();
    decide(KEYS[k]);
  } else if (k === "s") {
    e.preventDefault();
    skip();
  }
}

async function start() {
  keyState();
  if (!adminKey()) {
    clearPair("nokey", el("p", "Enter the admin key to begin.", "hint"));
    $("key").focus();
    return;
  }
  showError("");
  st.queue = [];
  await next();
  await refreshHistory();
}

function wire() {
  wireKeyForm({
    onKey: () => {
      // Nothing keeps the focus: the keys x, n, u and s are the page's from now on.
      document.activeElement?.blur();
      start();
    },
    onForget: () => {
      st.queue = [];
      $("history-list").replaceChildren();
      $("history-status").textContent = "";
      $("left").textContent = "";
      start();
    },
  });
  $("type").addEventListener("change", () => reload());
  $("show-below").addEventListener("change", () => reload());
  $("order").addEventListener("change", () => reload());
  $("merge-confirm").addEventListener("click", confirmMerge);
  $("merge-swap").addEventListener("click", () => {
    if (st.merge) openMerge(st.merge.drop, st.merge.keep);
  });
  $("merge-close").addEventListener("click", () => $("merge").close());
  $("merge").addEventListener("close", mergeClosed);
  $("unmerge-confirm").addEventListener("click", confirmUnmerge);
  $("unmerge-close").addEventListener("click", () => $("unmerge").close());
  $("unmerge").addEventListener("close", unmergeClosed);
  document.addEventListener("keydown", onKey);
}

wire();
// The types' colours and shapes, as the explorer draws them (the drawings wait for nothing).
loadVocabulary().catch(() => {});
start();
