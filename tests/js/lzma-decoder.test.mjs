// The decoder of the wasm that index.js carries inlined (js/lzma-decoder.js):
// every byte LZMA-JS codes must come back as it was, whatever the bytes
// (none, one, text that repeats, bytes that never do, code like the wasm's)
// and at LZMA-JS's fastest and best levels, which code matches differently. The
// build decodes the one wasm it ships; these hold the decoder to every path
// of the format, and refuse a stream cut short or of an unknown size.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import lzma from 'lzma';

import { decodeLzma } from '../../js/lzma-decoder.js';

const coded = (bytes, level) => Uint8Array.from(lzma.compress(bytes, level), (byte) => byte & 0xff);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Bytes that look random but are the same in every run. */
function noise(length, seed) {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

const INPUTS = {
  'no bytes': new Uint8Array(0),
  'one byte': Uint8Array.of(7),
  'text that repeats': new TextEncoder().encode('files.list() '.repeat(4000) + 'the end'),
  'bytes that never repeat': noise(40_000, 1),
  // Runs of noise repeated at many distances: long and short matches, rep0..rep3, literals after matches.
  'noise repeated at many distances': (() => {
    const parts = [];
    for (let i = 0; i < 60; i++) parts.push(noise(50 + ((i * 37) % 700), i % 7));
    return Uint8Array.from(parts.flatMap((part) => [...part]));
  })(),
  'the wasm itself': readFileSync(new URL('../../pkg/moonshot_files_bg.wasm', import.meta.url)),
};

describe('decodeLzma gives back what LZMA-JS coded', () => {
  for (const [name, bytes] of Object.entries(INPUTS)) {
    for (const level of [1, 9]) {
      it(`${name}, level ${level}`, () => {
        const decoded = decodeLzma(coded(bytes, level));
        assert.equal(decoded.length, bytes.length);
        assert.equal(sha256(decoded), sha256(bytes));
      });
    }
  }
});

describe('decodeLzma refuses what it cannot decode whole', () => {
  const stream = coded(INPUTS['noise repeated at many distances'], 9);

  it('a stream cut short, wherever it is cut', () => {
    for (const end of [14, 100, stream.length >> 1, stream.length - 16]) {
      assert.throws(() => decodeLzma(stream.subarray(0, end)), /LZMA stream/, `cut at ${end} of ${stream.length}`);
    }
  });

  it('a stream whose header does not give its size', () => {
    const unknown = stream.slice();
    unknown.fill(0xff, 5, 13);
    assert.throws(() => decodeLzma(unknown), /not an LZMA stream of a known size/);
  });
});

// pkg/lib/wasm-base64.js reads its base64 by the platform's own decoder where
// there is one (Uint8Array.fromBase64 in recent browsers, Buffer in Node and
// Bun), else by atob: each way must give the same bytes, the .wasm's.
describe('the inlined wasm comes back whole, whichever way its base64 is read', () => {
  const wasm = INPUTS['the wasm itself'];
  const { fromBase64 } = Uint8Array;

  /** wasmBytes() with the globals as `set` leaves them, put back after. */
  async function readWith(set) {
    const saved = { fromBase64: Uint8Array.fromBase64, Buffer: globalThis.Buffer, atob: globalThis.atob };
    const calls = [];
    try {
      set(calls);
      const { wasmBytes } = await import('../../pkg/lib/wasm-base64.js');
      return { bytes: wasmBytes(), calls };
    } finally {
      if (saved.fromBase64 === undefined) delete Uint8Array.fromBase64;
      else Uint8Array.fromBase64 = saved.fromBase64;
      globalThis.Buffer = saved.Buffer;
      globalThis.atob = saved.atob;
    }
  }

  it('by Uint8Array.fromBase64 (browsers; a stand-in where Node has none)', async () => {
    const { bytes, calls } = await readWith((calls) => {
      const native = fromBase64 ?? ((text) => new Uint8Array(Buffer.from(text, 'base64')));
      Uint8Array.fromBase64 = (text) => (calls.push('fromBase64'), native(text));
    });
    assert.deepEqual(calls, ['fromBase64']);
    assert.equal(sha256(bytes), sha256(wasm));
  });

  it('by Buffer (Node, Bun)', async () => {
    const { bytes, calls } = await readWith((calls) => {
      delete Uint8Array.fromBase64;
      globalThis.atob = () => calls.push('atob');
    });
    assert.deepEqual(calls, []);
    assert.equal(sha256(bytes), sha256(wasm));
  });

  it('by atob, where there is neither', async () => {
    const { bytes, calls } = await readWith((calls) => {
      delete Uint8Array.fromBase64;
      globalThis.Buffer = undefined;
      const atob = globalThis.atob;
      globalThis.atob = (text) => (calls.push('atob'), atob(text));
    });
    assert.deepEqual(calls, ['atob']);
    assert.equal(sha256(bytes), sha256(wasm));
  });
});
