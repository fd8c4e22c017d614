// What the page talks to: the server that serves it says where it forwards
// /v1/files, how it is started, and the dated API version when one is in use
// (`GET /__moonshot/info` answers `{"upstream": "<origin>", "command": "npx
// moonshot-files ui", "apiVersion": "2026-09-01-beta"}`); the page
// shows that origin and nothing else of it (never a path, a user name or a
// key), and names the command where it says how to set the key. Pure but
// for the `fetch` it is given: tested in Node by tests/dashboard/logic.test.mjs.
export const INFO_PATH = '/__moonshot/info';

/** The upstream's origin from the info answer's body, or null when it is not an http(s) URL. */
export function upstreamOrigin(info) {
  const raw = info?.upstream;
  if (typeof raw !== 'string' || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
}

/** How the page's server is started, from the info answer's body: a short command line, or null. */
export function serverCommand(info) {
  const command = info?.command;
  return typeof command === 'string' && /^[\w .@/-]{1,60}$/.test(command) ? command : null;
}

/** The dated API version from the info answer's body (`YYYY-MM-DD[-suffix]`), or null: none in use, or no version. */
export function apiVersionOf(info) {
  const version = info?.apiVersion;
  return typeof version === 'string' && /^\d{4}-\d{2}-\d{2}(?:-[0-9A-Za-z.]{1,32})?$/.test(version) ? version : null;
}

/**
 * Asks the page's server where it forwards to and how it is started:
 * `{ upstream, command, apiVersion }`, each null when it does not say.
 */
export async function loadServerInfo(fetchImpl = fetch) {
  try {
    const res = await fetchImpl(INFO_PATH, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok || !/^application\/json\b/i.test(res.headers.get('content-type') ?? '')) return { upstream: null, command: null, apiVersion: null };
    const info = await res.json();
    return { upstream: upstreamOrigin(info), command: serverCommand(info), apiVersion: apiVersionOf(info) };
  } catch {
    return { upstream: null, command: null, apiVersion: null };
  }
}
