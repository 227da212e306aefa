/* The filters: node types (one checkbox per type of the vocabulary), country, years, depth
   and the path's ends; the state reads them and they show the state. */
import {api} from "./api.js";
import {$, el} from "./dom.js";
import {nodeTypes} from "./vocabulary.js";
import {state} from "./state.js";

const typeBoxes = () => [...document.querySelectorAll("input[name=type]")];

/** One checkbox per node type of the vocabulary, in the Types fieldset. */
export function typeFilters() {
  const box = $("types");
  box.querySelectorAll("label").forEach((l) => l.remove());
  for (const n of nodeTypes()) {
    const c = el("input");
    c.type = "checkbox";
    c.name = "type";
    c.value = n.label;
    const label = el("label");
    label.append(c, document.createTextNode(" " + n.display));
    box.append(label);
  }
}

/** The country list and the years' range, from the data. */
export async function facets() {
  const f = await api("/api/facets");
  for (const c of f.countries || []) {
    const o = el("option", c);
    o.value = c;
    $("country").append(o);
  }
  const [lo, hi] = f.years || [2000, new Date().getFullYear()];
  for (const id of ["yfrom", "yto"]) { $(id).min = lo; $(id).max = hi; }
  $("yfrom").value = lo;
  $("yto").value = hi;
}

export function sliderOut() {
  $("yfrom-out").textContent = $("yfrom").value;
  $("yto-out").textContent = $("yto").value;
}

/** The filters into the state. */
export function readFilters() {
  state.types = typeBoxes().filter((c) => c.checked).map((c) => c.value);
  state.country = $("country").value;
  state.depth = $("depth").value;
  state.from = $("yfrom").value;
  state.to = $("yto").value;
  sliderOut();
}

/** The state into the filters. */
export function showFilters() {
  $("depth").value = state.depth;
  typeBoxes().forEach((c) => { c.checked = state.types.includes(c.value); });
  $("country").value = state.country;
  if (state.from) $("yfrom").value = state.from;
  if (state.to) $("yto").value = state.to;
  $("pfrom").value = state.pfrom;
  $("pto").value = state.pto;
  sliderOut();
}

/** Calls `onChange` after any filter changed (and the state read it). */
export function onFilters(onChange) {
  const changed = () => { readFilters(); onChange(); };
  for (const id of ["depth", "country", "yfrom", "yto"]) $(id).addEventListener("change", changed);
  typeBoxes().forEach((c) => c.addEventListener("change", changed));
}
