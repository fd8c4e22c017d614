// The loopback rule (pkg-template/ui-server/loopback.js) against the table the
// client's own base-URL check reads too (tests/vectors/loopback.json, read by
// src/config.rs's tests): one rule for where plain http may carry the key.
//   node --test tests/ui/loopback.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isLoopback } from '../../pkg-template/ui-server/loopback.js';
import { readUpstream } from '../../pkg-template/ui-server/guard.js';

const { cases } = JSON.parse(readFileSync(new URL('../vectors/loopback.json', import.meta.url), 'utf8'));

test('each host of the shared table is loopback or not, as the Rust face reads it', () => {
  assert.ok(cases.length >= 20);
  for (const { host, loopback } of cases) assert.equal(isLoopback(host), loopback, host);
});

test('the upstream takes plain http exactly to the loopback hosts of the table', () => {
  let checked = 0;
  for (const { host, loopback } of cases) {
    const text = `http://${host}:8080/v1`;
    // The URL parser rewrites some spellings (127.1 is 127.0.0.1); those are the rule's own cases above.
    if (!URL.canParse(text) || new URL(text).hostname !== host.toLowerCase()) continue;
    if (loopback) assert.equal(readUpstream(text).base, text.toLowerCase(), text);
    else assert.throws(() => readUpstream(text), /https/, text);
    checked += 1;
  }
  assert.ok(checked >= 15, `${checked} hosts read as written`);
});

test('a bare IPv6 address (a --host value) reads as its bracketed form does', () => {
  assert.equal(isLoopback('::1'), true);
  assert.equal(isLoopback('0:0:0:0:0:0:0:1'), true);
  assert.equal(isLoopback('::'), false);
  assert.equal(isLoopback('fe80::1%lo'), false);
});
