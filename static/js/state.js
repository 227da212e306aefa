/* What the page shows. The address's hash holds it, so a link restores the view. */

export const state = {center: "", depth: 2, types: [], country: "",
  from: "", to: "", view: "net", pfrom: "", pto: ""};

/** Writes the state into the hash (replacing the history entry). */
export function writeHash() {
  const h = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) {
    if (v !== "" && v != null) h.set(k, Array.isArray(v) ? v.join(",") : v);
  }
  history.replaceState(null, "", "#" + h.toString());
}

/** Reads the hash into the state; keys it does not hold keep their values. */
export function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  for (const k of Object.keys(state)) {
    if (!h.has(k)) continue;
    state[k] = k === "types" ? h.get(k).split(",").filter(Boolean) : h.get(k);
  }
}

/** The network view's parameters around `id` (the filters' years become whole years). */
export function graphParams(id, depth) {
  return {id, depth, types: state.types, from: state.from ? state.from + "-01-01" : "",
    to: state.to ? state.to + "-12-31" : "", country: state.country};
}

/** The co-organization view's parameters. */
export function coorgParams() {
  const {from, to, country} = graphParams();
  return {view: "coorg", from, to, country};
}
