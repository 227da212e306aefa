/* The search box: a combobox (ARIA 1.2) listing the API's suggestions as one types. */
import {api} from "./api.js";
import {$, el, bdi} from "./dom.js";

let active = -1;
let timer = null;
let choose = () => {};

const options = () => [...$("suggest").children];

function setActive(i) {
  const os = options();
  active = Math.max(-1, Math.min(i, os.length - 1));
  os.forEach((o, j) => o.setAttribute("aria-selected", j === active ? "true" : "false"));
  if (active >= 0) {
    $("q").setAttribute("aria-activedescendant", os[active].id);
    os[active].scrollIntoView({block: "nearest"});
  } else $("q").removeAttribute("aria-activedescendant");
}

function close() {
  $("suggest").hidden = true;
  $("q").setAttribute("aria-expanded", "false");
  active = -1;
}

function pick(id) {
  close();
  choose(id);
}

async function suggest() {
  const q = $("q").value.trim();
  const ul = $("suggest");
  if (!q) { close(); return; }
  let r;
  try { r = await api("/api/search", {q, limit: 10}); } catch { return; }
  ul.replaceChildren();
  r.results.forEach((s, i) => {
    const li = el("li");
    li.append(bdi(s.name), " — " + s.type);
    li.id = "opt-" + i;
    li.setAttribute("role", "option");
    li.dataset.id = s.id;
    li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(s.id); });
    ul.append(li);
  });
  ul.hidden = !r.results.length;
  $("q").setAttribute("aria-expanded", String(!ul.hidden));
  active = -1;
}

function key(e) {
  if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
  else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
  else if (e.key === "Escape") close();
  else if (e.key === "Enter") {
    e.preventDefault();
    const o = options()[active >= 0 ? active : 0];
    if (o && !$("suggest").hidden) pick(o.dataset.id);
  }
}

/** Wires the search box; `onChoose(id)` gets the entity chosen. */
export function initSearch(onChoose) {
  choose = onChoose;
  const q = $("q");
  q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 150); });
  q.addEventListener("keydown", key);
  q.addEventListener("blur", () => setTimeout(close, 100));
}
