// What the tests need from the machine (a browser, a tool) and from the
// repository (a snapshot). A missing one fails the test that needs it, saying
// what to do; no test skips. Under CI=true (the CI image must hold every tool
// `make setup` installs) the failure says so, and no snapshot is ever written:
// a CI run that rewrote what it compares against would prove nothing.
import assert from 'node:assert/strict';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True under CI=true (or CI=1), as CI services set it. */
export const CI = /^(true|1)$/i.test(process.env.CI ?? '');

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The error for a missing tool: `what` is missing, `remedy` says how to get it. */
export function missing(what, remedy) {
  const ci = CI ? ' (CI=true: the CI image must hold every tool `make setup` installs)' : '';
  return new Error(`${what} is missing: ${remedy}${ci}; no test skips for it`);
}

/** Fails unless `path` is an executable file. */
export function requireExecutable(path, what, remedy) {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw missing(`${what} (${path})`, remedy);
  }
  return path;
}

/**
 * Compares `current` with the snapshot file at `url`. UPDATE_SNAPSHOTS=1
 * writes it when it differs, then fails all the same (the run that writes
 * never passes: the next one, without the variable, checks what was written);
 * under CI=true it writes nothing. A missing snapshot fails.
 */
export function matchSnapshot(url, current, what) {
  const file = fileURLToPath(url);
  const name = relative(ROOT, file);
  const saved = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (process.env.UPDATE_SNAPSHOTS) {
    assert.ok(!CI, `UPDATE_SNAPSHOTS under CI=true: a CI run never writes ${name}`);
    if (saved === current) return;
    writeFileSync(file, current);
    assert.fail(`snapshot written to ${name}: review it (git diff ${name}), then run again without UPDATE_SNAPSHOTS`);
  }
  assert.ok(saved !== undefined, `no snapshot of ${what} at ${name}: review what it would hold, then run once with UPDATE_SNAPSHOTS=1`);
  assert.equal(current, saved, `${what} changed: review the difference, then run once with UPDATE_SNAPSHOTS=1 and again without it`);
}
