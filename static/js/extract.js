/* The admin page that turns a news item into facts (GET /admin/extract): paste the item, read
   what ctgraph proposes (the event, its organizers, its speakers), each highlighted in the text;
   accept, edit or reject each; choose an existing record or a new one for each new name; dry-run,
   then load through the ordinary loader with the item as the source of every fact.
   The admin key is asked on the page, kept in sessionStorage and sent as X-API-Key. Every text
   from the item or the data goes through textContent (dom.js), names in <bdi>; never innerHTML. */
import {adminKey, call, explain, showError, wireKeyForm} from "./admin.js";
import {ApiError} from "./api.js";
import {$, el, bdi, button} from "./dom.js";

const ROLES = ["organizer", "co-organizer", "host", "supporter"];
const SPEAKER_ROLES = ["speaker", "moderator", "participant"];

const st = {
  proposal: null, // the server's answer to POST /api/admin/extract
  organizers: [], // [{row, include, role, recordId, choice}] beside proposal.organizers
  speakers: [], // [{row, include, role, position, choice}]
  choices: new Map(), // a new record's id -> the existing id chosen for it ("" keeps it new)
  gen: 0,
};

/** A date with its precision, as the proposal gives it. */
function when(d) {
  if (!d || d.precision === "unknown") return "not given in the item";
  if (d.precision === "unknown-year") return d.monthDay + " (the year is not given)";
  return d.start + (d.end ? " to " + d.end : "") + (d.precision === "day" ? "" :
    " (" + d.precision + ")");
}

// -- the text, with every proposal marked ------------------------------------------------------

/** The item's text with the spans of the proposal marked: known names, new names, the
    event's facts. Marks never overlap (the first one wins); text is set as text. */
function drawText(p) {
  const text = p.item.text;
  const spans = [];
  for (const n of p.names) {
    spans.push({start: n.start, end: n.end, cls: n.id ? "known" : "new",
      title: (n.id ? "known: " + n.id : "new: " + n.name) + " (" + n.why + ")"});
  }
  for (const [field, ev] of Object.entries(p.event.evidence || {})) {
    if (ev.start == null) continue;
    spans.push({start: ev.start, end: ev.end, cls: "fact", title: field + ": " + ev.rule});
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const box = $("text");
  box.replaceChildren();
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    box.append(document.createTextNode(text.slice(at, s.start)));
    const m = el("mark", text.slice(s.start, s.end), s.cls);
    m.title = s.title;
    m.dataset.start = String(s.start);
    box.append(m);
    at = s.end;
  }
  box.append(document.createTextNode(text.slice(at)));
}

/** The words behind a fact (the name at `at`, else the first mark within its words), marked
    and scrolled to in the text; its sentence quoted. */
function point(evidence, at) {
  for (const m of document.querySelectorAll("#text mark.pointed")) m.classList.remove("pointed");
  if (!evidence || evidence.start == null) return;
  const marks = [...document.querySelectorAll("#text mark")];
  const m = marks.find((x) => at != null && Number(x.dataset.start) === at) ||
    marks.find((x) => Number(x.dataset.start) >= evidence.start &&
      Number(x.dataset.start) < evidence.end);
  if (m) {
    m.classList.add("pointed");
    m.scrollIntoView({block: "nearest"});
  }
  $("evidence").textContent = evidence.sentence || evidence.text || "";
}

// -- the proposal, to accept, edit or reject ----------------------------------------------------

function select(values, value, onChange, label) {
  const s = el("select");
  s.setAttribute("aria-label", label);
  for (const v of values) {
    const o = el("option", v);
    o.value = v;
    s.append(o);
  }
  s.value = value;
  s.addEventListener("change", () => onChange(s.value));
  return s;
}

function include(row, label) {
  const c = el("input");
  c.type = "checkbox";
  c.checked = row.include;
  c.setAttribute("aria-label", label);
  c.addEventListener("change", () => {
    row.include = c.checked;
    c.closest("tr").classList.toggle("rejected", !c.checked);
  });
  return c;
}

/** For a new name: keep it new, or choose one of the records search finds for it. */
async function recordChoice(recordId, name, type, gen, matches = []) {
  const s = el("select", null, "record");
  s.setAttribute("aria-label", "Record for " + name);
  const mine = el("option", "new record " + recordId);
  mine.value = "";
  s.append(mine);
  const offered = new Set();
  // What the duplicate scorer finds first, with its score and why.
  for (const m of matches) {
    const o = el("option", "likely " + m.score.toFixed(2) + ": " + m.name + " (" + m.id + ")");
    o.value = m.id;
    o.title = (m.why || []).join("; ");
    offered.add(m.id);
    s.append(o);
  }
  s.addEventListener("change", () => st.choices.set(recordId, s.value));
  try {
    const found = await call("GET", "/api/search", {params: {q: name, type, limit: 5},
      admin: false});
    if (gen !== st.gen) return s;
    for (const hit of (found.items || found.results || []).filter((h) => !offered.has(h.id))) {
      const o = el("option", "existing: " + hit.name + " (" + hit.id + ")");
      o.value = hit.id;
      s.append(o);
    }
  } catch {
    // search unavailable: the record stays new
  }
  return s;
}

async function drawProposal(p) {
  const gen = ++st.gen;
  const e = p.event;
  const facts = $("event");
  facts.replaceChildren(el("h2", "Event"));
  const dl = el("dl");
  const rows = [["Kind", e.kind], ["Name", e.name], ["Date", when(e.date)],
    ["City", e.city], ["Venue", e.venue], ["Occasion", e.occasion],
    ["Participants", e.participantsCount]];
  for (const [k, v] of rows) {
    const dd = el("dd");
    dd.append(bdi(v == null ? "—" : v));
    const field = {Date: "date", City: "city", Venue: "venue", Occasion: "occasion",
      Participants: "participantsCount", Kind: "kind", Name: "name"}[k];
    const ev = (e.evidence || {})[field];
    if (ev && ev.start != null) dd.append(" ", button("show", () => point(ev), "show"));
    dl.append(el("dt", k), dd);
  }
  facts.append(dl);
  facts.append(...reviewNote(p.review));
  if (e.sameAs) {
    const same = el("p", null, "same");
    same.append("The same event as ", el("code", e.sameAs), " (" + e.sameAsWhy + "): its record " +
      "gains what this item adds, and keeps the rest.");
    facts.append(same);
  }

  st.organizers = p.organizers.map((o) => ({row: o, include: true, role: o.role}));
  const ot = el("table", null, "proposal");
  ot.append(headRow(["", "Organizer", "Record", "Role", ""]));
  for (const o of st.organizers) {
    const tr = el("tr");
    const rec = o.row.known ? el("code", o.row.id) :
      await recordChoice(o.row.recordId, o.row.name, "Organization", gen, o.row.matches);
    const name = el("td");
    name.append(bdi(o.row.name));
    tr.append(td(include(o, "Include " + o.row.name)), name, td(rec),
      td(select(ROLES, o.role, (v) => (o.role = v), "Role of " + o.row.name)),
      td(button("show", () => point(o.row.evidence, o.row.at), "show")));
    ot.append(tr);
  }
  $("organizers").replaceChildren(el("h2", "Organizers (" + st.organizers.length + ")"), ot);

  st.speakers = p.speakers.map((s) => ({row: s, include: true, role: s.role,
    position: s.position || ""}));
  const stt = el("table", null, "proposal");
  stt.append(headRow(["", "Person", "Record", "Role", "Position", "Organization", "Talk", ""]));
  for (const s of st.speakers) {
    const tr = el("tr");
    const who = el("td");
    who.append(bdi([s.row.honorific, s.row.name].filter(Boolean).join(" ")));
    const rec = s.row.known ? el("code", s.row.id) :
      await recordChoice(s.row.recordId, s.row.name, "Person", gen, s.row.matches);
    const pos = el("input");
    pos.value = s.position;
    pos.size = 24;
    pos.setAttribute("aria-label", "Position of " + s.row.name);
    pos.addEventListener("input", () => (s.position = pos.value));
    const org = el("td");
    org.append(bdi(s.row.organization || "—"));
    if (s.row.organizationId) org.append(" ", el("code", s.row.organizationId));
    tr.append(td(include(s, "Include " + s.row.name)), who, td(rec),
      td(select(SPEAKER_ROLES, s.role, (v) => (s.role = v), "Role of " + s.row.name)),
      td(pos), org, td(bdi(s.row.talkTitle || "—")),
      td(button("show", () => point(s.row.evidence, s.row.at), "show")));
    stt.append(tr);
  }
  $("speakers").replaceChildren(el("h2", "Speakers (" + st.speakers.length + ")"), stt);
  $("actions").hidden = false;
  $("report").replaceChildren();
}

function td(child) {
  const c = el("td");
  c.append(child);
  return c;
}

function headRow(names) {
  const tr = el("tr");
  for (const n of names) tr.append(el("th", n));
  return tr;
}

/** The records to load: the proposal's, with what was rejected left out, roles and positions
    as edited, and each new name replaced by the existing record chosen for it. */
export function reviewedRecords() {
  const p = st.proposal;
  let records = p.records.map((r) => ({...r}));
  const dropOrgs = new Set();
  for (const o of st.organizers) {
    const id = o.row.recordId;
    for (const r of records) {
      if (r.type === "organized" && r.organizationId === id) {
        if (o.include) r.role = o.role;
        else r.drop = true;
      }
    }
    if (!o.include) dropOrgs.add(id);
  }
  for (const s of st.speakers) {
    const id = s.row.recordId;
    for (const r of records) {
      if (r.personId !== id) continue;
      if (!s.include) r.drop = true;
      else if (r.type === "participation") r.role = s.role;
      else if (r.type === "affiliation" && s.position.trim()) r.position = s.position.trim();
    }
    if (!s.include && !s.row.known) {
      for (const r of records) if (r.type === "person" && r.id === id) r.drop = true;
    }
  }
  records = records.filter((r) => !r.drop);
  // New names mapped to existing records: every reference follows, the new record goes.
  for (const [mine, theirs] of st.choices) {
    if (!theirs) continue;
    records = records.filter((r) => r.id !== mine || r.type === "event" || r.type === "source");
    for (const r of records) {
      for (const k of ["organizationId", "personId"]) if (r[k] === mine) r[k] = theirs;
    }
  }
  // A new organization nothing refers to any more is not loaded.
  const used = new Set(records.flatMap((r) => [r.organizationId, r.personId]));
  return records.filter((r) => !(r.type === "organization" && dropOrgs.has(r.id) &&
    !used.has(r.id)));
}

/** How this item stands against the review kept for it: never reviewed (nothing shown),
 * reviewed (when, by whom, what was accepted), or to review again (why, and what changed). */
function reviewNote(review) {
  if (!review || review.status === "new") return [];
  const at = (review.reviewedAt || "?").replace("T", " ").slice(0, 16) + " UTC";
  const box = el("div", null, "item-review " + review.status);
  const accepted = (review.accepted || []).length;
  if (review.status === "reviewed") {
    box.append(el("strong", "Reviewed"), " on " + at + " by ",
      bdi(review.by || "?"), ": " + accepted + " records were accepted and loaded; " +
      "loading the same records again changes nothing.");
    if (review.note) box.append(el("p", review.note, "muted"));
    return [box];
  }
  box.append(el("strong", "Review again"), ": " + (review.why || []).join("; ") + ".");
  const c = review.changes || {};
  const parts = [["new", c.added], ["no longer proposed", c.removed], ["changed", c.changed]];
  const ul = el("ul");
  for (const [what, said] of parts) {
    for (const line of said || []) {
      const li = el("li", what + ": ");
      li.append(bdi(line));
      ul.append(li);
    }
  }
  if (ul.childNodes.length) box.append(ul);
  box.append(el("p", "Last review (" + at + "): " + accepted +
    " records accepted.", "muted"));
  return [box];
}

async function load(dryRun) {
  showError("");
  const records = reviewedRecords();
  const p = st.proposal;
  const item = {sha256: p.item.sha256, rules: p.item.rules, facts: p.item.facts};
  $("report").replaceChildren(el("p", dryRun ? "Checking…" : "Loading…", "muted"));
  try {
    const report = await call("POST", "/api/admin/extract/load",
      {body: {records, dry_run: dryRun, item}});
    drawReport(report, dryRun);
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && err.detail) {
      $("report").replaceChildren(el("p", String(err.detail), "error"));
    } else {
      $("report").replaceChildren();
      showError(explain(err));
    }
  }
}

function drawReport(report, dryRun) {
  const box = $("report");
  box.replaceChildren(el("h2", dryRun ? "Dry run: nothing written" : "Loaded"));
  const t = el("table", null, "proposal");
  t.append(headRow(["type", "created", "updated", "unchanged", "matched"]));
  for (const [type, c] of Object.entries(report.counts || {})) {
    const tr = el("tr");
    tr.append(el("td", type));
    for (const k of ["created", "updated", "unchanged", "matched"]) tr.append(el("td", c[k]));
    t.append(tr);
  }
  box.append(t);
  if (!dryRun) {
    const ev = st.proposal.event.id;
    const a = el("a", "Open the event in the explorer");
    a.href = "/#center=" + encodeURIComponent(ev) + "&depth=1&view=net";
    box.append(a);
  }
}

async function propose(e) {
  e.preventDefault();
  showError("");
  const text = $("item").value;
  if (!text.trim()) {
    showError("Paste the item's text (or its HTML) first.");
    return;
  }
  if (!adminKey()) {
    showError("Enter the admin key (the server's CTGRAPH_ADMIN_KEY) first.");
    return;
  }
  const body = {text};
  for (const k of ["title", "publisher", "published", "url"]) {
    const v = $(k).value.trim();
    if (v) body[k] = v;
  }
  $("status").textContent = "Reading the item…";
  try {
    st.proposal = await call("POST", "/api/admin/extract", {body});
    st.choices.clear();
    drawText(st.proposal);
    await drawProposal(st.proposal);
    const p = st.proposal;
    $("status").textContent = p.organizers.length + " organizers, " + p.speakers.length +
      " speakers, " + p.names.filter((n) => !n.id).length + " new names proposed (rules " +
      p.item.rules + ").";
    document.body.dataset.proposed = "1";
  } catch (err) {
    $("status").textContent = "";
    showError(explain(err));
  }
}

function wire() {
  wireKeyForm({onKey: () => showError("")});
  $("item-form").addEventListener("submit", propose);
  $("dry-run").addEventListener("click", () => load(true));
  $("load").addEventListener("click", () => load(false));
  window.ctgraphExtract = {reviewedRecords, state: st};
}

wire();
