// What the page talks to: the server that serves it says where it forwards
// /v1/files (`GET /__moonshot/info` answers `{"upstream": "<origin>"}`); the
// page shows that origin and nothing else of it (never a path, a user name
// or a key). Pure but for the `fetch` it is given: tested in Node by
// tests/dashboard/logic.test.mjs.
export const INFO_PATH = '/__moonshot/info';

/** The upstream's origin from the info answer's body, or null when it is not an http(s) URL. */
export function upstreamOrigin(info) {
  const raw = info?.upstream;
  if (typeof raw !== 'string' || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
}

/** Asks the page's server where it forwards to: the origin, or null when it does not say. */
export async function loadUpstream(fetchImpl = fetch) {
  try {
    const res = await fetchImpl(INFO_PATH, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok || !/^application\/json\b/i.test(res.headers.get('content-type') ?? '')) return null;
    return upstreamOrigin(await res.json());
  } catch {
    return null;
  }
}
