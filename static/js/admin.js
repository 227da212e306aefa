/* What the admin pages (duplicate review, news items) share: the admin key, asked on the page
   and kept in sessionStorage, sent as X-API-Key through the page's one client (api.js), and
   what went wrong said for the person at the page. */
import {ApiError, request} from "./api.js";
import {$} from "./dom.js";

export const KEY = "ctgraph.adminKey";

export const adminKey = () => sessionStorage.getItem(KEY) || "";

/** `method path` (`admin` requests carry the key): the parsed JSON, or an ApiError. */
export function call(method, path, {params, body, admin = true} = {}) {
  return request(method, path, {params, body, key: admin ? adminKey() : undefined});
}

/** What went wrong, said for the person at the page. */
export function explain(err) {
  if (!(err instanceof ApiError)) return String(err && err.message ? err.message : err);
  if (err.status === 401) return "No admin key was sent: enter the admin key above.";
  if (err.status === 403) return "Wrong key: the server refused this admin key. Enter it again.";
  if (err.status === 404 && /admin routes are off/i.test(err.detail)) {
    return "Admin routes are off on this server: " +
      err.detail.replace(/^admin routes are off:?\s*/i, "") + " (then restart the server).";
  }
  if (err.status === 0) return "No answer: " + err.detail;
  return "Error " + err.status + ": " + err.detail;
}

/** The page's error line (#error): the text, or hidden when there is none. */
export function showError(text) {
  const box = $("error");
  box.textContent = text;
  box.hidden = !text;
}

/** The key form (#key-form, #key, #key-forget): a key entered is kept for the session and
 * `onKey` runs; an empty one is refused with what to enter; "Forget" drops the key and
 * `onForget` runs. */
export function wireKeyForm({onKey = () => {}, onForget = () => {}} = {}) {
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const k = $("key").value.trim();
    if (!k) {
      showError("Enter the admin key (the server's CTGRAPH_ADMIN_KEY).");
      return;
    }
    sessionStorage.setItem(KEY, k);
    $("key").value = "";
    onKey();
  });
  $("key-forget").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    onForget();
  });
}
