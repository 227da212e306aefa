/* The ctgraph API: query strings and JSON requests. */

/** Query parameters: arrays repeat their key; empty strings and null are left out. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else if (v !== "" && v != null) q.set(k, v);
  }
  return q;
}

/** GET `path` with `params`; the parsed JSON, or an Error with the status and the reason. */
export async function api(path, params) {
  const u = new URL(path, location.origin);
  for (const [k, v] of query(params)) u.searchParams.append(k, v);
  const r = await fetch(u);
  if (!r.ok) throw new Error(r.status + " " + (await r.text()).slice(0, 200));
  return r.json();
}
