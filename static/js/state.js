/* What the page shows. The address's hash holds all of it, so a link restores the same
   picture: the view, its centre and expansions (the layout is computed from them alone, so the
   same link lays out the same positions), the filters, the camera, and the data's generation
   the link was made on. */

export const DEFAULTS = {
  view: "start", // start | net | coorg | path | source
  center: "", depth: "1", types: [], country: "", from: "", to: "", undated: "",
  size: "degree", minw: "1", focus: "", pfrom: "", pto: "", source: "",
  expanded: [], cam: "", gen: "",
};
const LISTS = new Set(["types", "expanded"]);
// What each view's address holds: a link carries nothing of another view (no stale path
// ends on a neighbourhood, no centre on the co-organization network).
const KEPT = {
  start: [],
  net: ["center", "depth", "types", "country", "from", "to", "expanded"],
  coorg: ["country", "from", "to", "undated", "size", "minw", "focus"],
  path: ["pfrom", "pto"],
  source: ["source"],
};
const ALWAYS = ["view", "cam", "gen"];
export const state = structuredClone(DEFAULTS);

/** The hash of a state (only what differs from the defaults). */
export function hashOf(s = state) {
  const h = new URLSearchParams();
  const kept = new Set([...ALWAYS, ...(KEPT[s.view] || [])]);
  for (const [k, v] of Object.entries(s)) {
    if (!(k in DEFAULTS) || !kept.has(k)) continue;
    const shown = Array.isArray(v) ? v.join(",") : String(v ?? "");
    const dflt = Array.isArray(DEFAULTS[k]) ? DEFAULTS[k].join(",") : DEFAULTS[k];
    if (shown !== dflt || (k === "types" && shown)) h.set(k, shown);
  }
  return "#" + h.toString();
}

// What makes another page of one's browsing: Back returns to the one before.
const PAGE = ["view", "center", "source", "pfrom", "pto"];

/** Writes the state into the address: a new history entry when it shows another view, centre,
    source or path (Back returns), the same entry when only a filter or the camera changed. */
export function writeHash() {
  const h = hashOf();
  if (location.hash === h || (h === "#" && !location.hash)) return;
  const before = new URLSearchParams(location.hash.slice(1));
  const now = new URLSearchParams(h.slice(1));
  const moved = location.hash && PAGE.some((k) => (before.get(k) || "") !== (now.get(k) || ""));
  const url = h === "#" ? location.pathname : h;
  if (moved) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

/** Reads the hash into the state: keys it does not hold take their defaults. */
export function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  for (const k of Object.keys(DEFAULTS)) {
    if (!h.has(k)) {
      if (k !== "types") state[k] = structuredClone(DEFAULTS[k]);
      continue;
    }
    state[k] = LISTS.has(k) ? h.get(k).split(",").filter(Boolean) : h.get(k);
  }
  if (h.has("center") && !h.has("view")) state.view = "net";
}

/** The filters as the API takes them (years become whole years). */
export function filterParams() {
  return {types: state.types, country: state.country, from: state.from, to: state.to};
}
