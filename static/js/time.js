/* The time axis: events per year as a histogram of buttons (a click chooses that year), the
   count of events whose year is unknown, and Play, which steps the co-organization network
   through its years (from /api/graph/co-organization/evolution) with its positions kept. */
import {api} from "./api.js";
import {$, el} from "./dom.js";

let years = [];
let unknown = 0;
const on = {choose: () => {}};

/** What choosing a year (a bar) does. */
export function onTime(handlers) {
  Object.assign(on, handlers);
}

/** Reads the timeline and draws the histogram. */
export async function loadTimeline() {
  const t = await api("/api/timeline");
  years = t.years;
  unknown = t.unknownYear;
  drawHistogram();
  return t;
}

/** Draws the bars; the years from `from` to `to` marked as chosen. */
export function drawHistogram(from, to, current) {
  const box = $("histogram");
  box.replaceChildren();
  const hi = Math.max(1, ...years.map((y) => y.events));
  for (const y of years) {
    const b = el("button", null, "bar");
    b.type = "button";
    const inside = (!from || y.year >= Number(from)) && (!to || y.year <= Number(to));
    b.classList.toggle("chosen", inside);
    b.classList.toggle("now", String(y.year) === String(current));
    const n = y.events + (y.events === 1 ? " event" : " events");
    b.setAttribute("aria-label", y.year + ": " + n);
    b.title = b.getAttribute("aria-label");
    const fill = el("span", null, "fill");
    fill.style.height = Math.max(2, Math.round((38 * y.events) / hi)) + "px";
    b.append(fill, el("span", String(y.year).slice(-2), "yr"));
    b.addEventListener("click", () => on.choose(y.year));
    box.append(b);
  }
  const note = $("time-note");
  const span = years.length ? years[0].year + "–" + years[years.length - 1].year
    : "no dated event";
  note.textContent = "Events per year, " + span + (unknown ? "; " + unknown +
    (unknown === 1 ? " event" : " events") + " of unknown year (not on the axis)" : "") + ".";
}

/** The network's years, one by one: `show(yearInfo)` draws each; resolves when done or
    stopped. */
let playing = null;
export async function play(params, show, delay = 1200) {
  if (playing) { playing.stop = true; playing = null; return false; }
  const ev = await api("/api/graph/co-organization/evolution", params);
  const run = {stop: false};
  playing = run;
  for (const y of ev.years) {
    if (run.stop) break;
    show(y);
    await new Promise((r) => setTimeout(r, delay));
  }
  if (playing === run) playing = null;
  return !run.stop;
}

export function stop() {
  if (playing) playing.stop = true;
  playing = null;
}
