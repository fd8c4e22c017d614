// Bounded memory and concurrency. In a child Node process
// started with --expose-gc (tests/support/list-memory-child.mjs), one client
// makes 50 concurrent files.list() calls, a warm-up of 500, then 10,000
// sequential calls, each listing the mock's 1,000 files, then 50 concurrent
// calls again. After the warm-up the wasm memory must not grow by a byte, and
// the process RSS after a gc must stay within warm-up RSS + 64 MiB. The mock
// runs here, in the test's own process, so its memory is not counted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import { startMockServer } from '../../mock/server.mjs';
import { runNodeChild } from '../support/helpers.mjs';

const KEY = 'sk-memory-test-key';
const FILES = 1000;
const WARMUP = 500;
const CALLS = 10_000;
const MIB = 1024 * 1024;
// The bound on RSS growth after the warm-up (after a gc).
const RSS_BOUND = 64 * MIB;
const CONCURRENT = 50;
// A guard against a hang, not a speed check: unloaded, the child takes
// about a minute; a machine busy several times over must still pass.
const HANG_GUARD_MS = 15 * 60_000;

let mock;
before(async () => {
  mock = await startMockServer({ seed: FILES, apiKey: KEY });
});
after(() => mock?.close());

const mib = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`;
const signed = (bytes) => `${bytes >= 0 ? '+' : ''}${mib(bytes)}`;

describe('memory and concurrency of files.list()', () => {
  it(`${CALLS} sequential calls of ${FILES} files after a ${WARMUP}-call warm-up: the wasm memory stays put, RSS within +64 MiB; 50 concurrent calls succeed`, { timeout: HANG_GUARD_MS + 10_000 }, async () => {
    const expected = createHash('sha256').update(JSON.stringify({ object: 'list', data: mock.store.list() })).digest('hex');
    assert.equal(mock.store.size, FILES);
    // The first 50 lists are answered together, once all 50 have come: only
    // calls in flight at once get through (one after another, the first would
    // wait for the others until its timeout).
    mock.inject({ method: 'GET', path: '/v1/files', together: true, times: CONCURRENT });

    const started = performance.now();
    const { code, stdout, stderr } = await runNodeChild('./list-memory-child.mjs', [mock.url, String(WARMUP), String(CALLS), String(FILES)], {
      apiKey: KEY,
      nodeArgs: ['--expose-gc'],
      timeoutMs: HANG_GUARD_MS,
    });
    const wallMs = performance.now() - started;
    assert.equal(code, 0, stderr);
    const m = JSON.parse(stdout);

    const { afterWarmup: warm, end } = m;
    console.log(`memory: ${WARMUP} warm-up calls ${(m.warmupMs / 1000).toFixed(1)} s; ${CALLS} sequential calls ${(m.runMs / 1000).toFixed(1)} s (${(m.runMs / CALLS).toFixed(2)} ms a call); child process ${(wallMs / 1000).toFixed(1)} s`);
    console.log(`memory: wasm memory ${m.start.wasm} bytes at start, ${warm.wasm} after the warm-up, ${end.wasm} after ${CALLS} calls, ${m.afterConcurrent.wasm} after 50 more concurrent`);
    let previous = warm;
    for (const s of [m.start, warm, ...m.checkpoints, end, m.afterConcurrent]) {
      const pace = s.label === 'checkpoint' ? `, last 1000 calls ${((s.at - previous.at) / 1000).toFixed(1)} s` : '';
      if (s.label === 'checkpoint') previous = s;
      console.log(
        `memory:   ${s.label}${s.done ? ` ${s.done}` : ''}: wasm ${s.wasm} B, RSS ${mib(s.rss)} (${signed(s.rss - warm.rss)} on the warm-up), heap ${mib(s.heapUsed)}, external ${mib(s.external)}${pace}`,
      );
    }
    console.log(`memory: RSS after the warm-up ${mib(warm.rss)}, at the end ${mib(end.rss)} (${signed(end.rss - warm.rss)}; bound +${mib(RSS_BOUND)})`);
    console.log(`memory: 50 concurrent calls: ${m.concurrentFirst.ms.toFixed(0)} ms, answered together; ${m.concurrentLast.ms.toFixed(0)} ms after the long run`);

    // The wasm memory does not grow after the warm-up: not by one page.
    for (const s of [...m.checkpoints, end, m.afterConcurrent]) {
      assert.equal(s.wasm, warm.wasm, `wasm memory at ${s.label} ${s.done}: ${s.wasm} bytes, ${warm.wasm} after the warm-up`);
    }
    assert.equal(m.checkpoints.length, CALLS / 1000);
    // The process's memory stays within the bound.
    for (const s of [...m.checkpoints, end, m.afterConcurrent]) {
      assert.ok(s.rss - warm.rss <= RSS_BOUND, `RSS at ${s.label} ${s.done}: ${signed(s.rss - warm.rss)} on the warm-up`);
    }

    // 50 concurrent calls on one client, twice: all succeed, with the mock's 1,000 files.
    for (const burst of [m.concurrentFirst, m.concurrentLast]) {
      assert.equal(burst.digests.length, CONCURRENT);
      assert.deepEqual(new Set(burst.counts), new Set([FILES]));
      assert.deepEqual(new Set(burst.digests), new Set([expected]), 'every page is the mock\'s list, exactly');
    }
    assert.equal(mock.inject([]), 0, 'the first 50 lists were answered together (the fault was used up)');
  });
});
