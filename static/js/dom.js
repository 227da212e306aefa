/* DOM helpers. Every text from the data goes through textContent, never innerHTML. */

export const $ = (id) => document.getElementById(id);

/** A new element, its text (set as text, never parsed) and its class. */
export function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

/** A name or other text from the data, isolated (`<bdi>`): right-to-left text or a bidi
    control in it cannot reorder the text around it. */
export function bdi(text) {
  return el("bdi", text);
}

/** A button (never a form's submit button) that calls `onClick`. */
export function button(text, onClick, cls) {
  const b = el("button", text, cls);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

/** The status line. */
export function status(text) {
  $("status").textContent = text;
}
