// Small helpers shared by the node:test suites of the built package.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { recordPauses } from './pauses.mjs';

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to throw');
}

/**
 * Lower bounds on time allow this much: Node arms a timer (AbortSignal.timeout
 * too) from its event loop's clock, read when the turn began, so one may fire
 * a little early by the clock that times it.
 */
export const EARLY_MS = 20;

/** Fails unless `ms` is at least `min` (less EARLY_MS): a busy machine only makes things later. */
export function atLeast(ms, min, what) {
  assert.ok(ms >= min - EARLY_MS, `${what}: ${Math.round(ms)} ms, expected at least ${min}`);
}

/**
 * Runs `call()` and says what it settled to, how long it took (ms) and the
 * pauses the package asked for meanwhile (pauses.mjs), as they were when it
 * settled; `onPause` is recordPauses'. One at a time: the pause recorder wraps
 * a global. The call starts at the beginning of a turn of the event loop, so
 * that its timers are armed from a fresh clock (see EARLY_MS).
 */
export async function timed(call, { onPause } = {}) {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const recording = recordPauses({ onPause });
  const started = performance.now();
  const settled = await Promise.resolve()
    .then(call)
    .then(
      (value) => ({ value, error: undefined }),
      (error) => ({ value: undefined, error }),
    );
  const ms = performance.now() - started;
  recording.stop();
  return { ...settled, ms, pauses: recording.pauses.map((pause) => ({ ...pause })) };
}

/** The pauses asked for (timed()) are in these ranges ([min, max] ms), one each, in order. */
export function assertPauses(pauses, ranges) {
  const asked = JSON.stringify(pauses.map((pause) => pause.ms));
  assert.equal(pauses.length, ranges.length, `pauses asked for: ${asked}, expected ${JSON.stringify(ranges)}`);
  ranges.forEach(([min, max], i) => assert.ok(pauses[i].ms >= min && pauses[i].ms <= max, `pause ${i + 1} of ${asked}: expected ${min}-${max} ms`));
}

/**
 * Waits until `ready()` is true, checking every 10 ms; fails after `hangMs`,
 * a hang detector far past the time it should take.
 */
export async function waitUntil(ready, what, hangMs = 20_000) {
  const started = performance.now();
  while (!ready()) {
    assert.ok(performance.now() - started < hangMs, `still waiting after ${hangMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Fails if `secret` appears in any printable form of `err`. */
export function assertNoSecret(err, secret) {
  for (const form of [err.message, String(err), JSON.stringify(err), err.stack, JSON.stringify({ ...err })]) {
    assert.ok(!String(form).includes(secret), `the key leaked into: ${form}`);
  }
}

/** The requests of a mock log that are not CORS preflights. */
export const notPreflight = (log) => log.filter((entry) => entry.method !== 'OPTIONS');

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix = 'moonshot-files-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A file of `size` bytes that takes no disk space (a hole): cheap at any size. */
export function sparseFile(dir, name, size) {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, size);
  return path;
}

/** Listens on a free loopback port; returns the server's origin and a close(). */
export async function listen(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: server.address().port,
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port nothing listens on (connections to it are refused). */
export async function closedPort() {
  const { port, close } = await listen(() => {});
  await close();
  return port;
}

/**
 * The environment for a plain child `node` process: this one's, with the key,
 * and without the test runner's marker (the child is no test file).
 */
export function childEnv(apiKey) {
  const env = { ...process.env, MOONSHOT_API_KEY: apiKey };
  delete env.NODE_TEST_CONTEXT;
  delete env.MOONSHOT_BASE_URL;
  return env;
}

/**
 * Runs `node [nodeArgs] <script> [args]` (a tests/support child) with
 * childEnv(apiKey), and resolves once it exits: its exit code (null if it was
 * killed) and what it printed. It is killed after `timeoutMs`.
 */
export function runNodeChild(script, args, { apiKey, nodeArgs = [], timeoutMs }) {
  const child = spawn(process.execPath, [...nodeArgs, new URL(script, import.meta.url).pathname, ...args], {
    env: childEnv(apiKey),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const killer = setTimeout(() => child.kill(), timeoutMs);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}
