// Small helpers shared by the node:test suites of the built package.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to throw');
}

/** What a call settled to, and how long it took (ms). */
export async function timed(promise) {
  const started = performance.now();
  try {
    const value = await promise;
    return { value, error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { value: undefined, error, ms: performance.now() - started };
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
 * Runs `node [nodeArgs] <script> [args]` (a test/support child) with
 * childEnv(apiKey), and resolves once it exits: its exit code, what it
 * printed, and when it exited. It is killed after `timeoutMs`.
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
      const exitedAt = Date.now();
      clearTimeout(killer);
      resolve({ code, stdout, stderr, exitedAt });
    }),
  );
}
