/* The search-as-you-type box (an ARIA 1.2 combobox over /api/search), the one way the page
   chooses an actor: the centre, the path's ends, the organization to focus on. Exact names and
   prefixes first, then words, then near spellings; the alias or dated name that matched and the
   type are shown. No id is ever typed. */
import {api} from "./api.js";
import {el, bdi} from "./dom.js";
import {typeName} from "./vocabulary.js";

let serial = 0;

/** Turns `input` into a combobox; `onChoose(hit)` gets the chosen {id, name, type}. Returns
    {set(id, name), clear(), id()}. */
export function combo(input, {types = [], onChoose = () => {}, onError = () => {}} = {}) {
  const list = el("ul", null, "suggest");
  list.id = "suggest-" + (++serial);
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.after(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.autocomplete = "off";
  let active = -1;
  let timer = null;
  let asked = 0;
  let hits = [];

  const options = () => [...list.querySelectorAll("[role=option]:not([aria-disabled])")];

  function setActive(i) {
    const os = options();
    active = Math.max(-1, Math.min(i, os.length - 1));
    os.forEach((o, j) => o.setAttribute("aria-selected", j === active ? "true" : "false"));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", os[active].id);
      os[active].scrollIntoView({block: "nearest"});
    } else input.removeAttribute("aria-activedescendant");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function pick(hit) {
    close();
    input.value = hit.name || hit.id;
    input.dataset.id = hit.id;
    onChoose(hit);
  }

  async function suggest() {
    const q = input.value.trim();
    if (!q) { close(); return; }
    const mine = ++asked;
    let r;
    try {
      r = await api("/api/search", {q, limit: 8, types});
    } catch (err) {
      if (mine === asked) onError(err);
      return;
    }
    if (mine !== asked) return; // a later keystroke asked again: its answer wins
    hits = r.results;
    list.replaceChildren();
    hits.forEach((h, i) => {
      const li = el("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.append(bdi(h.name || h.id));
      if (h.matched) li.append(el("span", " (", "muted"), bdi(h.matched), el("span", ")", "muted"));
      li.append(el("span", typeName(h.type), "kind"));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(h); });
      list.append(li);
    });
    if (!hits.length) {
      const li = el("li", "Nothing is named like “" + q + "”: try fewer words or another " +
        "spelling.", "none");
      li.setAttribute("role", "option");
      li.setAttribute("aria-disabled", "true");
      list.append(li);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  input.addEventListener("input", () => {
    delete input.dataset.id; // a name typed is not a choice until it is picked
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (list.hidden) suggest();
      else setActive(active + 1);
    }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Escape") close();
    else if (e.key === "Enter") {
      e.preventDefault();
      if (list.hidden || !hits.length) return;
      pick(hits[active >= 0 ? active : 0]);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return {
    set(id, name) { input.dataset.id = id; input.value = name || id; },
    clear() { delete input.dataset.id; input.value = ""; close(); },
    id: () => input.dataset.id || "",
  };
}
