// The type checks of the matrix (suites/runtimes.mjs, suites/readme-types.mjs)
// read a checker's verdict from its diagnostics. A run that ended without
// one is no verdict: it must fail the check, with the run's output, never
// count as "no errors". Node stands in for the checker here.
//
// Run: node --test tests/packaging/diagnostics.test.mjs
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DENO_DIAGNOSTIC, diagnostics, TSC_DIAGNOSTIC } from './harness/processes.mjs';

/** A stand-in checker: a Node script. */
const checker = (script, { timeoutMs, nodeFlags = [] } = {}) =>
  diagnostics(process.execPath, [...nodeFlags, '-e', script], { cwd: process.cwd(), timeoutMs }, TSC_DIAGNOSTIC);

describe('a checker that ran', () => {
  test('passed: no diagnostics', async () => {
    assert.deepEqual(await checker("console.log('fine')"), []);
  });

  test('failed with diagnostics: those lines, and only those', async () => {
    const script = [
      "console.log('a.ts(3,7): error TS2322: Type \\'42\\' is not assignable to type \\'Purpose\\'.')",
      "console.log('error TS5083: Cannot read file tsconfig.base.json.')",
      "console.log('Found 2 errors.')",
      'process.exit(2)',
    ].join(';');
    assert.deepEqual(await checker(script), [
      "a.ts(3,7): error TS2322: Type '42' is not assignable to type 'Purpose'.",
      'error TS5083: Cannot read file tsconfig.base.json.',
    ]);
  });

  test("deno check's diagnostics are its own", async () => {
    const script = "console.error('TS2322 [ERROR]: Type \\'number\\' is not assignable to type \\'string\\'.'); console.error('error: Type checking failed.'); process.exit(1)";
    const lines = await diagnostics(process.execPath, ['-e', script], { cwd: process.cwd() }, DENO_DIAGNOSTIC);
    assert.deepEqual(lines, ["TS2322 [ERROR]: Type 'number' is not assignable to type 'string'."]);
  });
});

describe('a checker that gave no verdict fails the check, with its output', () => {
  test('it did not start', async () => {
    await assert.rejects(
      diagnostics('/nonexistent/tsc', ['-p', 'tsconfig.json'], { cwd: process.cwd() }, TSC_DIAGNOSTIC),
      /no diagnostic matching .* in a failed run: `\/nonexistent\/tsc -p tsconfig.json` .* could not start: spawn \/nonexistent\/tsc ENOENT/s,
    );
  });

  test('it crashed', async () => {
    await assert.rejects(checker("console.log('checking'); process.kill(process.pid, 'SIGSEGV')"), /was killed \(SIGSEGV\)\n--- stdout\nchecking\n/);
  });

  test('it threw', async () => {
    await assert.rejects(checker("throw new Error('Debug Failure. False expression.')"), /exited with 1[\s\S]*Error: Debug Failure\. False expression\./);
  });

  test('it ran out of memory', async () => {
    const script = 'const kept = []; for (;;) kept.push(new Array(1e5).fill(kept.length));';
    await assert.rejects(checker(script, { nodeFlags: ['--max-old-space-size=16'] }), /heap out of memory/);
  });

  test('it timed out', async () => {
    await assert.rejects(checker("console.log('still checking'); setInterval(() => {}, 1000)", { timeoutMs: 500 }), /timed out after 0\.5 s[\s\S]*still checking/);
  });

  test('it failed with an error that is not a type error', async () => {
    await assert.rejects(
      diagnostics(process.execPath, ['-e', "console.error('error: Module not found \"file:///x/main.ts\".'); process.exit(1)"], { cwd: process.cwd() }, DENO_DIAGNOSTIC),
      /no diagnostic matching[\s\S]*error: Module not found/,
    );
  });
});
