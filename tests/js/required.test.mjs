// The rules of tests/support/required.mjs, each in a child process with the
// environment it is about: a missing tool or snapshot fails, in CI and out
// of it; a run that writes a snapshot fails; under CI=true none is written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { tempDir } from '../support/helpers.mjs';

const REQUIRED = new URL('../support/required.mjs', import.meta.url).href;

/** Runs `code` (an ES module importing required.mjs as `required`) with `env`; its exit status and stderr. */
function child(code, env) {
  const vars = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete vars[name];
  delete vars.NODE_TEST_CONTEXT;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import * as required from '${REQUIRED}';\n${code}`], { env: vars, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

const OUTSIDE_CI = { CI: undefined, UPDATE_SNAPSHOTS: undefined };
const IN_CI = { CI: 'true', UPDATE_SNAPSHOTS: undefined };

describe('tests/support/required.mjs', () => {
  for (const [label, env] of [
    ['outside CI', OUTSIDE_CI],
    ['under CI=true', IN_CI],
  ]) {
    it(`a missing tool fails, ${label}`, () => {
      const run = child(`required.requireExecutable('/nonexistent/chromium', 'Chromium', 'run make setup');`, env);
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /Chromium \(\/nonexistent\/chromium\) is missing: run make setup/);
      assert.equal(/CI=true/.test(run.stderr), env === IN_CI, 'the message says when CI is why it must be there');
    });

    it(`a missing snapshot fails, ${label}`, () => {
      const { dir, remove } = tempDir();
      try {
        const snapshot = pathToFileURL(join(dir, 'x.snap')).href;
        const run = child(`required.matchSnapshot(new URL('${snapshot}'), 'now', 'x');`, env);
        assert.notEqual(run.status, 0);
        assert.match(run.stderr, /no snapshot of x/);
        assert.equal(existsSync(join(dir, 'x.snap')), false, 'nothing written');
      } finally {
        remove();
      }
    });
  }

  it('UPDATE_SNAPSHOTS writes a changed snapshot and fails; the next run, without it, passes', () => {
    const { dir, remove } = tempDir();
    try {
      const file = join(dir, 'x.snap');
      writeFileSync(file, 'before');
      const check = `required.matchSnapshot(new URL('${pathToFileURL(file).href}'), 'after', 'x');`;
      const writing = child(check, { ...OUTSIDE_CI, UPDATE_SNAPSHOTS: '1' });
      assert.notEqual(writing.status, 0);
      assert.match(writing.stderr, /snapshot written to .*run again without UPDATE_SNAPSHOTS/);
      assert.equal(readFileSync(file, 'utf8'), 'after');
      assert.equal(child(check, OUTSIDE_CI).status, 0);
    } finally {
      remove();
    }
  });

  it('under CI=true, UPDATE_SNAPSHOTS fails and writes nothing', () => {
    const { dir, remove } = tempDir();
    try {
      const file = join(dir, 'x.snap');
      writeFileSync(file, 'before');
      const run = child(`required.matchSnapshot(new URL('${pathToFileURL(file).href}'), 'after', 'x');`, { CI: 'true', UPDATE_SNAPSHOTS: '1' });
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /UPDATE_SNAPSHOTS under CI=true/);
      assert.equal(readFileSync(file, 'utf8'), 'before');
    } finally {
      remove();
    }
  });

  it('a snapshot that differs fails, naming how to accept the change', () => {
    const { dir, remove } = tempDir();
    try {
      const file = join(dir, 'x.snap');
      writeFileSync(file, 'before');
      const run = child(`required.matchSnapshot(new URL('${pathToFileURL(file).href}'), 'after', 'x');`, OUTSIDE_CI);
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /x changed: review the difference, then run once with UPDATE_SNAPSHOTS=1/);
      assert.equal(readFileSync(file, 'utf8'), 'before');
    } finally {
      remove();
    }
  });
});
