/* The filters: node types (one checkbox per type of the vocabulary), country, years (empty:
   all years; never set behind the researcher's back), undated links, depth, the measure
   nodes are sized by and the least weight of a co-organization link. The state reads them and
   they show the state. */
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
    label.append(c, document.createTextNode(" " + n.plural));
    box.append(label);
  }
}

/** The country list and the years' bounds, from the data. */
export async function facets() {
  const f = await api("/api/facets");
  for (const c of f.countries || []) {
    const o = el("option", c.toUpperCase());
    o.value = c;
    $("country").append(o);
  }
  if (f.years) {
    for (const id of ["yfrom", "yto"]) {
      $(id).min = f.years[0];
      $(id).max = f.years[1];
    }
    $("yfrom").placeholder = String(f.years[0]);
    $("yto").placeholder = String(f.years[1]);
  }
  return f;
}

/** The filters into the state. */
export function readFilters() {
  state.types = typeBoxes().filter((c) => c.checked).map((c) => c.value);
  state.country = $("country").value;
  state.depth = $("depth").value;
  state.from = $("yfrom").value.trim();
  state.to = $("yto").value.trim();
  state.undated = $("undated").checked ? "1" : "";
  state.size = $("size").value;
  state.minw = $("minw").value || "1";
}

/** The state into the filters. */
export function showFilters() {
  $("depth").value = state.depth;
  typeBoxes().forEach((c) => { c.checked = state.types.includes(c.value); });
  $("country").value = state.country;
  $("yfrom").value = state.from;
  $("yto").value = state.to;
  $("undated").checked = Boolean(state.undated);
  $("size").value = state.size;
  $("minw").value = state.minw;
  document.body.dataset.view = state.view;
}

/** Calls `onChange` after any filter changed (and the state read it). */
export function onFilters(onChange) {
  const changed = () => { readFilters(); onChange(); };
  for (const id of ["depth", "country", "yfrom", "yto", "undated", "size", "minw"]) {
    $(id).addEventListener("change", changed);
  }
  typeBoxes().forEach((c) => c.addEventListener("change", changed));
  $("yclear").addEventListener("click", () => {
    $("yfrom").value = "";
    $("yto").value = "";
    changed();
  });
}
