// The matrix's child processes: installs, builds, scripts and servers. Each
// runs in its own process group, so what a tool starts in turn (workerd,
// esbuild's service, Next's workers) is ended with it: on a timeout, on
// stop(), and at the latest when the test file's process exits.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Process groups still running, ended on exit whatever happened. */
const running = new Set();
const killAll = () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
};
process.on('exit', killAll);
// A signal would end this process without its 'exit' event.
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + number);
  });
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

/**
 * The environment of every child: this one's without the developer's
 * MOONSHOT_* (each consumer gets the mock's), npm_* (a nested npm would take
 * them for its config) or the test runner's marker; tools told not to phone
 * home or open a browser.
 */
export function childEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|MOONSHOT_|NODE_TEST_CONTEXT$|NODE_OPTIONS$)/i.test(name)) env[name] = value;
  }
  return {
    ...env,
    npm_config_update_notifier: 'false',
    NEXT_TELEMETRY_DISABLED: '1',
    WRANGLER_SEND_METRICS: 'false',
    DENO_NO_UPDATE_CHECK: '1',
    DO_NOT_TRACK: '1',
    BROWSER: 'none',
    NO_COLOR: '1',
    ...extra,
  };
}

/** The last `limit` characters of a stream, for error messages. */
function collector(limit = 64 * 1024) {
  let text = '';
  return {
    add: (chunk) => {
      text = (text + chunk).slice(-limit);
    },
    get text() {
      return text;
    },
  };
}

function spawnGroup(command, args, { cwd, env }) {
  const child = spawn(command, args, { cwd, env: childEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = collector();
  const stderr = collector();
  child.stdout.setEncoding('utf8').on('data', stdout.add);
  child.stderr.setEncoding('utf8').on('data', stderr.add);
  if (child.pid) running.add(child.pid);
  // Settled once the output is all read: after 'exit' the group is ended (a
  // tool's own children may hold the pipes open), then the pipes close.
  const exited = new Promise((resolve) => {
    let status;
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('exit', (code, signal) => {
      status = { code, signal };
      signalGroup(child.pid, 'SIGKILL');
    });
    child.on('close', (code, signal) => resolve(status ?? { code, signal }));
  }).then((status) => {
    running.delete(child.pid);
    return status;
  });
  return { child, stdout, stderr, exited };
}

function describeRun(command, args, cwd, status, stdout, stderr) {
  const how = status.error ? `could not start: ${status.error.message}` : status.signal ? `was killed (${status.signal})` : `exited with ${status.code}`;
  return `\`${[command, ...args].join(' ')}\` in ${cwd} ${how}\n--- stdout\n${stdout.text}\n--- stderr\n${stderr.text}`;
}

/**
 * Runs a command to its end; resolves with its output, rejects (with that
 * output in the message) if it fails or outlives `timeoutMs`.
 */
export async function run(command, args, { cwd, env, timeoutMs = 10 * 60_000 } = {}) {
  const { child, stdout, stderr, exited } = spawnGroup(command, args, { cwd, env });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup(child.pid, 'SIGKILL');
  }, timeoutMs);
  const status = await exited;
  clearTimeout(timer);
  const failure = timedOut ? `timed out after ${timeoutMs / 1000} s: ` : status.code !== 0 ? '' : undefined;
  // The output rides along, for a caller that reads a tool's verdict from it.
  if (failure !== undefined) {
    throw Object.assign(new Error(failure + describeRun(command, args, cwd, status, stdout, stderr)), { stdout: stdout.text, stderr: stderr.text });
  }
  return { stdout: stdout.text, stderr: stderr.text };
}

/** Runs a script that prints one JSON line last; returns it parsed. */
export async function runForJson(command, args, options) {
  const { stdout, stderr } = await run(command, args, options);
  const last = stdout.trim().split('\n').at(-1);
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`\`${[command, ...args].join(' ')}\` printed no JSON last\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
  }
}

/** A loopback port free right now; servers take theirs through `onFreePorts`, which chooses again when one is lost. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What a server prints when a port it was given was taken first (Node's and workerd's words, and Vite's with --strictPort). */
const PORT_TAKEN = /EADDRINUSE|address already in use|port \d+ is already in use/i;

/**
 * Starts a server on `count` ports `freePort` found free, and on fresh ones
 * when another process took one between that check and the server's own
 * bind (the start rejects saying so): a race of the harness, not a verdict
 * on the package. Any other failure rejects at once, and so does a third
 * port lost in a row.
 * @template T
 * @param {number} count
 * @param {(ports: number[]) => Promise<T>} start
 * @returns {Promise<T>}
 */
export async function onFreePorts(count, start) {
  for (let attempt = 1; ; attempt++) {
    const ports = [];
    while (ports.length < count) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    try {
      return await start(ports);
    } catch (err) {
      if (attempt === 3 || !PORT_TAKEN.test(String(err?.message))) throw err;
    }
  }
}

/**
 * Starts a server at `url` and waits until `readyUrl` answers (any HTTP
 * status). Rejects with the server's output if it exits first or is not up
 * in `timeoutMs`. stop() ends its whole process group and waits for it.
 */
export async function startServer(command, args, { cwd, env, url, readyUrl = url, timeoutMs = 3 * 60_000 }) {
  const { child, stdout, stderr, exited } = spawnGroup(command, args, { cwd, env });
  let status;
  exited.then((value) => (status = value));
  const server = {
    url,
    output: () => `--- stdout\n${stdout.text}\n--- stderr\n${stderr.text}`,
    async stop() {
      if (status) return;
      signalGroup(child.pid, 'SIGTERM');
      const killer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (status) throw new Error(`the server died before answering at ${readyUrl}: ${describeRun(command, args, cwd, status, stdout, stderr)}`);
    try {
      await fetch(readyUrl, { signal: AbortSignal.timeout(5_000) });
      return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`\`${[command, ...args].join(' ')}\` in ${cwd} did not answer at ${readyUrl} in ${timeoutMs / 1000} s\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The diagnostics of a checker's run (tsc, deno check): [] if it passed, its
 * lines that match `diagnostic` if it failed with some. A failure without
 * one (the tool did not start, crashed, ran out of memory or timed out) is
 * no verdict on the code, and rejects with the run's output: a check must
 * never pass because its tool did not run.
 */
export async function diagnostics(command, args, options, diagnostic) {
  try {
    await run(command, args, options);
    return [];
  } catch (err) {
    const lines = `${err.stdout}\n${err.stderr}`.split('\n').filter((line) => diagnostic.test(line));
    if (lines.length === 0) throw new Error(`no diagnostic matching ${diagnostic} in a failed run: ${err.message}`, { cause: err });
    return lines;
  }
}

/** A diagnostic of tsc (`file(1,2): error TS2322: ...`, or a global `error TS5083: ...`). */
export const TSC_DIAGNOSTIC = /\berror TS\d+:/;
/** A diagnostic of `deno check` (`TS2322 [ERROR]: ...`). */
export const DENO_DIAGNOSTIC = /\bTS\d+ \[ERROR\]/;
