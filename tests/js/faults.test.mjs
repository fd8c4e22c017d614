// The fault suite: every case of tests/support/fault-cases.mjs
// against real loopback servers (the mock's fault injection, and the scripted
// servers of tests/support/fault-servers.mjs for raw bytes, redirects, huge
// bodies and a refused port), run with the built package in Node
// (pkg/index.mjs) and in headless Chromium (pkg/index.js, from another origin). Each
// case checks the error class (instanceof the exported class, and `.name`),
// the attempts, the path, what the servers received, that the key is in no
// form of the error, that nothing was thrown past the call, the pauses the
// client asked for, and then that an ordinary files.list() on the same client
// still works.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';

import * as sdk from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { launchChromium } from '../support/chromium.mjs';
import { DEFAULT_OPTIONS, FAULT_CASES, expectationsIn } from '../support/fault-cases.mjs';
import { recover, runCase } from '../support/fault-runner.mjs';
import { recordPauses } from '../support/pauses.mjs';
import { openPort, startScriptedServer } from '../support/fault-servers.mjs';
import { atLeast, childEnv, closedPort, notPreflight } from '../support/helpers.mjs';
import { serveFolder } from '../support/static-server.mjs';

// A key distinctive enough to be found if it leaks into an error.
const KEY = 'sk-faults-SECRET-5b2e9d71';
// A hang detector, not a speed claim: a call still pending after this long
// never settles (the cases take well under a second on an idle machine).
const WATCHDOG_MS = 30_000;
const MIB = 1024 * 1024;

// A gc() for the RSS figures of the huge-body cases.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

let mock, scripted;
before(async () => {
  mock = await startMockServer({ seed: 'sample', apiKey: KEY });
  scripted = await startScriptedServer(mock.origin);
});
after(async () => {
  await scripted?.close();
  await mock?.close();
});

// ---- the two environments ----

const nodeClients = new Map();
/** One client per base URL for the whole run: each survives every case before. */
function nodeClient(baseURL) {
  if (!nodeClients.has(baseURL)) nodeClients.set(baseURL, new sdk.Moonshot({ apiKey: KEY, baseURL }));
  return nodeClients.get(baseURL);
}

/**
 * Runs a case in a child process (it may crash the process it runs in). The
 * child reports the case, then waits to be told to make the ordinary call,
 * so the server's log can be read in between, as in the other environments.
 */
async function runInChild(baseURL, spec) {
  const child = spawn(process.execPath, [new URL('../support/fault-child.mjs', import.meta.url).pathname, JSON.stringify({ ...spec, baseURL })], {
    env: childEnv(KEY),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit');
  // The case and the ordinary call after it each have WATCHDOG_MS.
  const killer = setTimeout(() => child.kill(), 3 * WATCHDOG_MS);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextReport = async () => {
    const { value, done } = await lines.next();
    if (!done) return JSON.parse(value);
    const [code] = await exited;
    clearTimeout(killer);
    return { failed: `child exited ${code}: ${stderr}` };
  };
  const report = await nextReport();
  if (report.failed) return { outcome: { hung: true }, uncaught: [report.failed], recovered: async () => ({ error: report.failed }) };
  const recovered = async () => {
    child.stdin.end('recover\n');
    const last = await nextReport();
    clearTimeout(killer);
    if (last.failed) return { error: last.failed };
    return last.uncaught.length ? { error: last.uncaught.join('; ') } : last.recovery;
  };
  return { outcome: report.outcome, uncaught: report.uncaught, recovered };
}

const NODE = {
  name: 'node',
  async run(fault, baseURL, spec) {
    if (fault.isolate) return runInChild(baseURL, spec);
    const outcome = await runCase(sdk, nodeClient(baseURL), spec);
    return { outcome, uncaught: [], recovered: () => recover(nodeClient(baseURL), WATCHDOG_MS) };
  },
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>moonshot-files faults</title>
<script type="module">
  import * as sdk from '/index.js';
  ${recordPauses}
  ${runCase}
  ${recover}
  const clients = new Map();
  const clientFor = (baseURL, apiKey) => {
    if (!clients.has(baseURL)) clients.set(baseURL, new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }));
    return clients.get(baseURL);
  };
  window.faultCase = (baseURL, spec) => runCase(sdk, clientFor(baseURL, spec.key), spec);
  window.faultRecover = (baseURL, apiKey, watchdogMs) => recover(clientFor(baseURL, apiKey), watchdogMs);
  document.title = 'ready';
</script>`;

function chromiumEnv() {
  let site, browser, page;
  const pageErrors = [];
  return {
    name: 'browser',
    async start() {
      site = await serveFolder(new URL('../../pkg/', import.meta.url).pathname, { '/': PAGE });
      browser = await launchChromium();
      page = await browser.newPage();
      page.on('pageerror', (err) => pageErrors.push(`page error: ${err}`));
      await page.goto(`${site.origin}/`);
      await page.waitForFunction(() => document.title === 'ready');
    },
    async stop() {
      await browser?.close();
      await site?.close();
    },
    async run(fault, baseURL, spec) {
      pageErrors.length = 0;
      const outcome = await page.evaluate(([url, s]) => window.faultCase(url, s), [baseURL, spec]);
      return {
        outcome,
        uncaught: [...pageErrors],
        recovered: () => page.evaluate(([url, key, ms]) => window.faultRecover(url, key, ms), [baseURL, KEY, WATCHDOG_MS]),
      };
    },
  };
}

// ---- one case ----

/** Process RSS growth while `work` runs, sampled every 5 ms, after a gc. */
function rssProbe() {
  gc();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { before, peak, growth: peak - before };
  };
}

let scriptedCases = 0;

const inRange = (value, [min, max], what) => assert.ok(value >= min && value <= max, `${what}: ${Math.round(value)}, expected ${min}-${max}`);

/**
 * The pauses the client asked for are the expected ones; each was over before
 * the call settled but one an abort cut short; the call took at least those
 * pauses and `minMs` more; with an exact request count, each retry came no
 * earlier than its pause.
 */
function checkPauses(fault, outcome, expect, log) {
  const { pauses } = outcome;
  const asked = JSON.stringify(pauses.map((pause) => pause.ms));
  const expected = (expect.pauses.oneOf ?? [expect.pauses]).find((ranges) => ranges.length === pauses.length);
  assert.ok(expected, `pauses asked for: ${asked}, expected ${JSON.stringify(expect.pauses)}`);
  expected.forEach((range, i) => inRange(pauses[i].ms, range, `pause ${i + 1} of ${asked}`));
  const cut = fault.abortInPause ? pauses.at(-1) : undefined;
  if (cut) assert.equal(cut.fired, false, `the abort ended the ${cut.ms} ms pause: the call did not sit it out`);
  const waited = pauses.filter((pause) => pause !== cut);
  for (const pause of waited) assert.ok(pause.fired, `the ${pause.ms} ms pause was over before the call settled`);
  atLeast(outcome.ms, (expect.minMs ?? 0) + waited.reduce((sum, pause) => sum + pause.ms, 0), 'ms the call took');
  if (expect.requests === pauses.length + 1 && !cut) {
    pauses.forEach((pause, i) => atLeast(log[i + 1].receivedAt - log[i].receivedAt, pause.ms, `ms between requests ${i + 1} and ${i + 2}`));
  }
}

async function play(env, fault) {
  const expect = expectationsIn(fault, env.name);
  mock.reset();
  mock.clearRequests();
  scripted.clear();

  const ctx = {};
  mock.inject(typeof fault.faults === 'function' ? fault.faults(ctx) : (fault.faults ?? []));
  scripted.script(fault.script ?? []);
  const server = fault.server ?? 'mock';
  const port = server === 'refused' ? await closedPort() : undefined;
  // A scripted case has URLs of its own (a browser caches some answers by URL).
  const baseURL = { mock: mock.url, scripted: scripted.urlFor(`case-${++scriptedCases}`), refused: `http://127.0.0.1:${port}/v1` }[server];
  const spec = {
    call: fault.call,
    id: fault.id ?? 'file-fault',
    options: { ...DEFAULT_OPTIONS, ...fault.options },
    abortInPause: fault.abortInPause,
    expectClass: expect.class,
    watchdogMs: WATCHDOG_MS,
    key: KEY,
  };

  const probe = env.name === 'node' && expect.peakRssMiB !== undefined ? rssProbe() : undefined;
  const { outcome, uncaught, recovered } = await env.run(fault, baseURL, spec);
  const rss = probe?.();
  const log = { mock: () => notPreflight(mock.requests()), scripted: () => scripted.requests(), refused: () => [] }[server]();

  // Settled, and nothing thrown past the call.
  const thrown = uncaught.length ? `; thrown outside the call: ${uncaught.join('; ')}` : '';
  assert.ok(!outcome.hung, `the call never settled (${spec.watchdogMs} ms)${thrown}`);
  assert.deepEqual(uncaught, [], 'nothing may be thrown outside the call');

  if (expect.ok) {
    assert.equal(outcome.resolved, true, `expected success, got ${outcome.name}: ${outcome.message} (path ${JSON.stringify(outcome.path)})`);
    expect.check?.(JSON.parse(outcome.value));
  } else {
    assert.equal(outcome.resolved, false, `expected ${expect.class}, but the call resolved to ${outcome.value?.slice(0, 200)}`);
    const what = `${outcome.name}: ${outcome.message}`;
    assert.equal(outcome.name, expect.class, what);
    assert.equal(outcome.constructorName, expect.class, what);
    assert.ok(outcome.isExpected, `instanceof ${expect.class}`);
    assert.ok(outcome.isMoonshot, 'instanceof MoonshotError');
    assert.ok(outcome.isError, 'instanceof Error');
    assert.equal(outcome.keyLeaked, false, `the key is in a form of ${what}`);
    if (expect.attempts !== undefined) assert.equal(outcome.attempts, expect.attempts, `attempts of ${what}`);
    if (expect.path !== undefined) assert.equal(outcome.path, expect.path, `path of ${what}`);
    if (expect.status !== undefined) assert.equal(outcome.status, expect.status, `status of ${what}`);
    if (expect.message !== undefined) assert.match(outcome.message, expect.message);
  }

  if (expect.requests !== undefined) {
    const [min, max] = Array.isArray(expect.requests) ? expect.requests : [expect.requests, expect.requests];
    inRange(log.length, [min, max], `requests received (${JSON.stringify(log.map((r) => r.status))})`);
  }
  checkPauses(fault, outcome, expect, log);
  if (expect.retryAt) {
    const at = expect.retryAt(ctx);
    const [pause] = outcome.pauses;
    // The client read its clock after the first request reached the server
    // and before it asked for the pause: the time left then lies between.
    const left = (from) => Math.max(0, at - from);
    inRange(pause.ms, [left(pause.at) - 1, left(log[0].receivedAt) + 1], `the pause asked for until ${new Date(at).toISOString()}`);
    atLeast(log[1].receivedAt - at, 0, `from ${new Date(at).toISOString()} to the retry`);
  }
  if (expect.otherRequests !== undefined) {
    assert.deepEqual(scripted.otherRequests().length, expect.otherRequests, `the other origin got ${JSON.stringify(scripted.otherRequests())}`);
  }
  if (expect.maxSentMiB !== undefined) {
    const sent = log[0].bytesSent / MIB;
    assert.ok(sent <= expect.maxSentMiB, `the server sent ${sent.toFixed(1)} MiB before the client left`);
    assert.equal(log[0].completed, false, 'the client stopped reading before the end');
  }
  if (rss) {
    console.log(`faults (node): ${fault.name}: RSS ${(rss.before / MIB).toFixed(0)} MiB, peak +${(rss.growth / MIB).toFixed(1)} MiB; server sent ${(log[0].bytesSent / MIB).toFixed(1)} MiB; ${outcome.ms.toFixed(0)} ms`);
    assert.ok(rss.growth < expect.peakRssMiB * MIB, `RSS grew by ${(rss.growth / MIB).toFixed(1)} MiB`);
  }

  // The next ordinary call on the same client works.
  mock.reset();
  scripted.clear();
  const close = port === undefined ? undefined : await openPort(port, mock.origin);
  try {
    assert.deepEqual(await recovered(), { files: mock.store.size }, 'an ordinary files.list() after the fault');
  } finally {
    await close?.();
  }
  return outcome.ms;
}

// ---- the suites ----

function suite(title, env) {
  describe(title, () => {
    const times = [];
    if (env.start) before(() => env.start());
    after(async () => {
      await env.stop?.();
      times.sort((a, b) => b.ms - a.ms);
      const total = times.reduce((sum, { ms }) => sum + ms, 0);
      console.log(`faults (${env.name}): ${times.length} cases, calls took ${(total / 1000).toFixed(1)} s in all; slowest: ${times.slice(0, 3).map(({ name, ms }) => `${ms.toFixed(0)} ms ${name}`).join('; ')}`);
    });
    for (const fault of FAULT_CASES) {
      it(fault.name, { timeout: 4 * WATCHDOG_MS }, async () => {
        times.push({ name: fault.name, ms: await play(env, fault) });
      });
    }
  });
}

suite('fault cases in Node (pkg/index.mjs)', NODE);
suite('fault cases in Chromium (pkg/index.js)', chromiumEnv());
