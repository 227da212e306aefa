/* The ctgraph API client, the one both pages use (the explorer and the duplicate review):
   query strings, JSON requests with or without the admin key, and errors that say what went
   wrong and what to do, never raw JSON. */

/** An answer that was not a success: its status, the server's reason, and what to do. */
export class ApiError extends Error {
  constructor(status, detail, path) {
    super(explain(status, detailText(detail)));
    this.status = status;
    this.detail = detailText(detail);
    this.path = path;
  }
}

/** The server's reason as one line: a string as it is; validation errors as
    "field: what is wrong", joined. */
export function detailText(d) {
  if (d == null) return "";
  if (typeof d === "string") return d;
  if (Array.isArray(d)) {
    return d.map((x) => {
      const where = (x.loc || []).filter((p) => p !== "query" && p !== "body" && p !== "path");
      // A pattern is the schema's business: the researcher is told the form is wrong.
      const dated = where.some((p) => p === "from" || p === "to");
      const msg = dated && /should match pattern/.test(x.msg || "") ?
        "not in the form expected (a year: YYYY, or a date: YYYY-MM-DD)" : x.msg;
      return (where.length ? where.join(".") + ": " : "") + (msg || JSON.stringify(x));
    }).join("; ");
  }
  return d.message || JSON.stringify(d);
}

const ADVICE = {
  0: "Check that ctgraph is running, then reload the page.",
  400: "Change what was asked and try again.",
  401: "Enter the admin key.",
  403: "Enter the admin key again: the server refused this one.",
  404: "It may have been merged, retracted or never loaded: find it by name in the search box.",
  408: "It took too long: ask for less (depth 1, fewer types, a period of years) or try again.",
  422: "Change what was asked and try again.",
  429: "Too many requests: wait a moment and try again.",
  503: "ctgraph is busy or its database is starting: try again in a moment.",
};

/** A sentence for a failed request: the reason, then what to do. */
export function explain(status, reason) {
  let text = reason || (status ? "the server answered " + status : "ctgraph did not answer");
  text = text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, "");
  const advice = ADVICE[status] ??
    (status >= 500 ? "The server failed: try again; if it goes on, its log says why." : "");
  return text + "." + (advice ? " " + advice : "");
}

/** Query parameters: arrays repeat their key; empty strings, null and false are left out. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else if (v !== "" && v != null && v !== false) q.set(k, v);
  }
  return q;
}

/** `method path` with `params` (and a JSON `body`); the admin `key` when given. The parsed
    JSON answer, or an ApiError. */
export async function request(method, path, {params, body, key} = {}) {
  const u = new URL(path, location.origin);
  for (const [k, v] of query(params)) u.searchParams.append(k, v);
  const headers = {Accept: "application/json"};
  if (key != null) headers["X-API-Key"] = key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let r;
  try {
    r = await fetch(u, {method, headers,
      body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (err) {
    throw new ApiError(0, "ctgraph did not answer (" + err.message + ")", path);
  }
  if (!r.ok) {
    const text = await r.text();
    let detail = text.slice(0, 300) || r.statusText;
    try {
      detail = JSON.parse(text).detail ?? detail;
    } catch {
      // not JSON: the text says it
    }
    throw new ApiError(r.status, detail, path);
  }
  return r.status === 204 ? null : r.json();
}

/** GET `path` with `params`: the parsed JSON, or an ApiError. */
export function api(path, params) {
  return request("GET", path, {params});
}

/** The address of `path` with `params` (for links: exports, permalinks). */
export function href(path, params) {
  const q = query(params).toString();
  return path + (q ? "?" + q : "");
}
