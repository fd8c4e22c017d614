// `moonshot-files ui`: the file dashboard, served from this package by a
// loopback server in this process, which holds the key and forwards the
// page's /v1/files calls (../../ui-server/). Runs until Ctrl-C or SIGTERM, or
// until the process that started it is gone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCount, UsageError } from '../args.js';
import { openBrowser } from '../browser.js';
import { EXIT } from '../errors.js';
import { DEFAULT_BASE_URL, readUpstream } from '../../ui-server/guard.js';
import { isLoopback } from '../../ui-server/loopback.js';
import { startUiServer } from '../../ui-server/server.js';

// Every interface, however it is spelled: BlockList reads ::0, 0::0 and
// ::ffff:0.0.0.0 as the addresses they are.
const ANY_ADDRESS = new BlockList();
ANY_ADDRESS.addAddress('0.0.0.0', 'ipv4');
ANY_ADDRESS.addAddress('::', 'ipv6');

function readPort(value) {
  const port = readCount('--port', value ?? '0', 0);
  if (port > 65535) throw new UsageError(`--port must be a port number from 0 to 65535; got '${value}'`);
  return port;
}

// One address, so that the Host the guard expects is the one in the URL.
function readHost(value, unsafePublic) {
  if (value === undefined) return '127.0.0.1';
  const family = isIP(value);
  if (family === 0) throw new UsageError(`--host must be an IP address, such as 127.0.0.1; got '${value}'`);
  if (ANY_ADDRESS.check(value, family === 4 ? 'ipv4' : 'ipv6') && !unsafePublic) {
    throw new UsageError(`--host must name one address, not every address (${value}); --unsafe-public serves on every one`);
  }
  return value;
}

/** The listen error as the user's mistake (a port in use, an address not this machine's). */
function listenError(err, host, port) {
  if (err?.code === 'EADDRINUSE') return new UsageError(`port ${port} is in use on ${host}: pick another with --port, or 0 for a free one`);
  if (err?.code === 'EACCES') return new UsageError(`port ${port} needs privileges: pick one over 1023, or 0 for a free one`);
  if (err?.code === 'EADDRNOTAVAIL') return new UsageError(`${host} is not an address of this machine`);
  return err;
}

// How often the parent is looked for: a server left behind answers with the key.
const PARENT_POLL_MS = 250;

/** Whether the process that started this one is gone (its child is then handed to another, or its pid is free). */
function parentGone(parent) {
  if (process.ppid !== parent) return true;
  try {
    process.kill(parent, 0);
    return false;
  } catch (err) {
    return err.code === 'ESRCH';
  }
}

/**
 * `stopped`: resolves to 'SIGINT' once the call is aborted (Ctrl-C), to
 * 'SIGTERM', or to 'orphaned' once the parent is gone: npx and npm exec run
 * this under `sh -c`, which passes no signal on when it is ended itself.
 * `release()` stops listening.
 * @param {AbortSignal} signal
 * @returns {{ stopped: Promise<'SIGINT' | 'SIGTERM' | 'orphaned'>, release: () => void }}
 */
function stopSignals(signal) {
  /** @type {(() => void) | undefined} */
  let release;
  const stopped = new Promise((resolve) => {
    const onTerm = () => resolve('SIGTERM');
    const onAbort = () => resolve('SIGINT');
    const parent = process.ppid;
    const watch = setInterval(() => parentGone(parent) && resolve('orphaned'), PARENT_POLL_MS);
    process.once('SIGTERM', onTerm);
    signal.addEventListener('abort', onAbort, { once: true });
    release = () => {
      clearInterval(watch);
      process.off('SIGTERM', onTerm);
      signal.removeEventListener('abort', onAbort);
    };
    if (signal.aborted) onAbort();
  });
  // Set: a promise's executor runs at once.
  return { stopped, release: /** @type {() => void} */ (release) };
}

/**
 * A page that sends the browser on to `url`, in a file only this user can
 * read: the opener is given its path, so the token is in no process's
 * arguments (`ps` shows those to every user). `remove()` deletes it.
 */
function openerFile(url) {
  const dir = mkdtempSync(join(tmpdir(), 'moonshot-files-ui-'));
  const path = join(dir, 'open.html');
  writeFileSync(
    path,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${url}"><title>moonshot-files ui</title><p><a href="${url}">Open the file dashboard</a></p>\n`,
    { mode: 0o600 },
  );
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** @type {import('./index.js').Command} */
export default {
  name: 'ui',
  summary: 'see and manage the files in your browser',
  usage: 'ui [--port N] [--host ADDRESS] [--no-open]',
  options: {
    port: { type: 'string', value: 'N', description: 'the port to serve on (default 0: a free one)' },
    host: { type: 'string', value: 'ADDRESS', description: 'the address to serve on (default 127.0.0.1; another one warns)' },
    'no-open': { type: 'boolean', description: 'print the URL, do not open a browser' },
    'unsafe-public': { type: 'boolean', description: 'allow --host to be every address (0.0.0.0, ::): other machines reach the key' },
  },
  positionals: { min: 0, max: 0 },
  details:
    'Serves the file dashboard from this package on 127.0.0.1 and opens it: list, sort,\n' +
    'search, upload with progress, read extracted text, delete. The page holds no key:\n' +
    'this process adds it to the /v1/files calls it forwards, and only to those. The\n' +
    'URL carries a token that only this run accepts, once: the first browser to open it\n' +
    'gets the session. Ctrl-C (exit 130) or SIGTERM (0) stops it, and so does the end of\n' +
    'the process that started it.\n' +
    'With --api-version (or MOONSHOT_API_VERSION) the page speaks that dated API version.',
  examples: ['moonshot-files ui', 'moonshot-files ui --port 8080 --no-open'],

  async run({ client, values, stdout, stderr, signal, baseURL }) {
    const port = readPort(values.port);
    const host = readHost(values.host, values['unsafe-public']);
    let upstream;
    try {
      upstream = readUpstream(baseURL ?? (process.env.MOONSHOT_BASE_URL || DEFAULT_BASE_URL));
    } catch (err) {
      throw new UsageError(err.message);
    }
    // Armed before listening: a signal between the two still stops the server.
    const { stopped, release } = stopSignals(signal);
    let server;
    let opener;
    try {
      // The opener's file is of no more use once the link is spent. The
      // version the client settled on (--api-version, else
      // MOONSHOT_API_VERSION, already checked): the page learns it from the
      // server and speaks it.
      server = await startUiServer({
        upstream,
        key: process.env.MOONSHOT_API_KEY,
        host,
        port,
        onSpent: () => opener?.remove(),
        apiVersion: client.toJSON().apiVersion ?? null,
      });
    } catch (err) {
      release();
      throw listenError(err, host, port);
    }
    if (!isLoopback(host)) {
      stderr.write(`warning: ${host} may be reachable from other machines: anyone who gets the URL uses your key\n`);
    }
    const version = client.toJSON().apiVersion;
    stderr.write(`Serving the file dashboard for ${upstream.base}${version ? ` (API version ${version})` : ''}; the key stays in this process. Ctrl-C stops.\n`);
    // The URL alone on stdout, last: a script reads it as the line that says the server is up.
    stdout.write(`${server.url}\n`);
    if (!values['no-open']) {
      opener = openerFile(server.url);
      openBrowser(opener.path, { onFail: () => stderr.write('(no browser opened: open the URL above)\n') });
    }
    const how = await stopped;
    release();
    opener?.remove();
    await server.close();
    return how === 'SIGINT' ? EXIT.interrupted : EXIT.ok;
  },
};
