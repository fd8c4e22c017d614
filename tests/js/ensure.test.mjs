// One upload per content, in Node and in Chromium against the mock:
// files.ensure uploads bytes once and then reuses the file (one retrieve, no
// upload); a remembered file that is gone, of another size or failed is
// uploaded again; two calls at once upload once; the identity takes the
// purpose, the account and the API version, never the key itself; the
// store is the caller's (a Map will do), and files.findUploaded uploads nothing.
// Bytes of a size the store has never seen are uploaded while they are
// hashed (a key marks each size remembered). In Node the bytes are hashed by
// node:crypto, elsewhere by the wasm: the same key either way.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { startMockServer } from '../../mock/server.mjs';
import { notPreflight } from '../support/helpers.mjs';
import * as sdk from '../../pkg/index.mjs';
import { RUNTIMES } from '../support/runtimes.mjs';

const KEY = 'sk-mock-key-that-must-never-be-stored';

// ---- scenarios: run by their source in the page too; only arguments and globals ----

/**
 * Runs `steps` with one client and one Map store: each step ensures (or
 * finds) `text` for `purpose`, after `reseed` (an action on the mock the
 * Node side performs between steps) where asked. Gives each step's
 * outcome, the store's keys of bytes with their ids, and all its entries.
 */
async function ensureSteps(sdk, { baseURL, apiKey, apiVersion, describeError }, { steps, together = false, storeless = false }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, apiVersion, dangerouslyAllowBrowser: true }).files;
  const store = new Map();
  const one = async ({ text, purpose = 'file-extract', call = 'ensure', name = 'notes.txt' }) => {
    const params = { file: new Blob([text]), filename: name, purpose };
    try {
      const options = storeless ? {} : { store };
      if (call === 'findUploaded') {
        const found = await files.findUploaded(params, options);
        return { ok: true, found: found && found.id };
      }
      const { file, reused } = await files.ensure(params, options);
      return { ok: true, id: file.id, reused, size: file.bytes ?? file.size_bytes };
    } catch (err) {
      return { ok: false, error: describeError(err) };
    }
  };
  const outcomes = together ? await Promise.all(steps.map(one)) : [];
  if (!together) for (const step of steps) outcomes.push(await one(step));
  const bytes = [...store].filter(([key]) => key.startsWith('sha256:'));
  return { outcomes, keys: bytes.map(([key]) => key), ids: bytes.map(([, id]) => id), entries: [...store] };
}

async function withStore(sdk, { baseURL, apiKey, describeError }, { kind }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
  const stores = {
    throwing: { get() { throw new Error('disk full'); }, set() {}, delete() {} },
    rejecting: { get: async () => undefined, set: async () => { throw new Error('read-only'); }, delete: async () => {} },
    wrongValue: { get: () => 42, set() {}, delete() {} },
    noDelete: { get() {}, set() {} },
  };
  try {
    await files.ensure({ file: new Blob(['abc']), filename: 'a.txt', purpose: 'batch' }, { store: stores[kind] });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

// ---- the suites ----

for (const makeRuntime of RUNTIMES) {
  const runtime = makeRuntime();
  describe(`ensure in ${runtime.name}`, () => {
    let mock;
    const run = (scenario, arg, context = {}) => runtime.run(scenario, { baseURL: mock.url, apiKey: KEY, ...context }, arg);
    const requests = () => notPreflight(mock.requests()).map((r) => `${r.method} ${r.path.replace(/[^/]+$/, (id) => (id === 'files' ? id : ':id'))}`);

    before(async () => {
      mock = await startMockServer({ seed: 'none', apiKey: KEY });
      await runtime.start();
    });
    after(async () => {
      await runtime.stop();
      await mock?.close();
    });
    beforeEach(() => {
      mock.reset({ seed: 'none' });
      mock.clearRequests();
    });

    it('uploads once, then reuses the file with one retrieve and no upload', async () => {
      const { outcomes, keys, ids, entries } = await run(ensureSteps, { steps: [{ text: 'hello' }, { text: 'hello', name: 'other-name.txt' }] });
      assert.deepEqual(outcomes.map((o) => o.reused), [false, true]);
      assert.equal(outcomes[1].id, outcomes[0].id);
      assert.equal(outcomes[1].size, 5);
      assert.deepEqual(requests(), ['POST /v1/files', 'GET /v1/files/:id']);
      assert.equal(mock.store.size, 1);
      assert.deepEqual(ids, [outcomes[0].id], 'the store holds the file id');
      assert.match(keys[0], /^sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 purpose:file-extract key:[0-9a-f]{16} version:compatible at:http:\/\/127\.0\.0\.1:\d+\/v1$/);
      // And the mark of a size remembered, before it: the same scope, the same id.
      assert.deepEqual(entries, [[keys[0].replace(/^sha256:[0-9a-f]{64}/, 'bytes:5'), outcomes[0].id], [keys[0], outcomes[0].id]]);
      for (const [key] of entries) assert.ok(!key.includes(KEY) && !key.includes('sk-mock'), 'never the key');
    });

    it('without a store, the client remembers in memory', async () => {
      const { outcomes } = await run(ensureSteps, { storeless: true, steps: [{ text: 'once' }, { text: 'once' }] });
      assert.deepEqual(outcomes.map((o) => o.reused), [false, true]);
      assert.equal(mock.store.size, 1);
    });

    it('other bytes or another purpose are another file', async () => {
      const { outcomes } = await run(ensureSteps, { steps: [{ text: 'a' }, { text: 'b' }, { text: 'a', purpose: 'batch' }, { text: 'a' }] });
      assert.deepEqual(outcomes.map((o) => o.reused), [false, false, false, true]);
      assert.equal(mock.store.size, 3);
    });

    it('two calls of the same bytes at once upload once', async () => {
      const { outcomes } = await run(ensureSteps, { together: true, steps: [{ text: 'same' }, { text: 'same' }, { text: 'same' }] });
      assert.deepEqual(outcomes.map((o) => o.reused).sort(), [false, true, true]);
      assert.equal(new Set(outcomes.map((o) => o.id)).size, 1);
      assert.equal(requests().filter((r) => r.startsWith('POST')).length, 1);
    });

    for (const [what, change, expected] of [
      ['deleted from the account (404)', (id) => mock.store.delete(id), 'gone'],
      ['of another size', (id) => mock.reset({ seed: [{ id, bytes: 999, purpose: 'file-extract' }] }), 'resized'],
      ['failed (status error)', (id) => mock.reset({ seed: [{ id, bytes: 5, purpose: 'file-extract', status: 'error' }] }), 'failed'],
    ]) {
      it(`a remembered file ${what} is uploaded again, and the new one remembered`, async () => {
        // The first ensure's file is changed on the mock, then a new client
        // (no memory of its own) is given the first's store.
        const first = await run(ensureSteps, { steps: [{ text: 'fresh' }] });
        const [id, key] = [first.ids[0], first.keys[0]];
        change(id);
        mock.clearRequests();
        const again = await runtime.run(
          async (sdk, { baseURL, apiKey }, { key, entries }) => {
            const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
            const store = new Map(entries);
            const params = { file: new Blob(['fresh']), filename: 'notes.txt', purpose: 'file-extract' };
            const { file, reused } = await files.ensure(params, { store });
            const next = await files.ensure(params, { store });
            return { id: file.id, reused, remembered: store.get(key), nextReused: next.reused };
          },
          { baseURL: mock.url, apiKey: KEY },
          { key, entries: first.entries },
        );
        assert.equal(again.reused, false, expected);
        assert.equal(again.remembered, again.id, 'the new file is remembered');
        assert.equal(again.nextReused, true);
        assert.deepEqual(requests().slice(0, 2), ['GET /v1/files/:id', 'POST /v1/files']);
      });
    }

    it('findUploaded: null before, the file after, and never an upload', async () => {
      const { outcomes } = await run(ensureSteps, { steps: [{ text: 'x', call: 'findUploaded' }, { text: 'x' }, { text: 'x', call: 'findUploaded' }] });
      assert.equal(outcomes[0].found, null);
      assert.equal(outcomes[2].found, outcomes[1].id);
      assert.deepEqual(requests(), ['POST /v1/files', 'GET /v1/files/:id'], 'findUploaded without a remembered file sends nothing');
      assert.equal(requests().filter((r) => r.startsWith('POST')).length, 1);
    });

    it('bytes of a size remembered are hashed first: other bytes of that size are uploaded, these reused', async () => {
      const { outcomes, keys } = await run(ensureSteps, {
        steps: [{ text: 'aaaa' }, { text: 'bbbb' }, { text: 'aaaa', call: 'findUploaded' }, { text: 'cccc', call: 'findUploaded' }, { text: 'bbbb' }],
      });
      assert.deepEqual(outcomes.map((o) => o.reused ?? o.found), [false, false, outcomes[0].id, null, true]);
      assert.notEqual(outcomes[1].id, outcomes[0].id);
      assert.equal(keys.length, 2, 'each of the two remembered');
      assert.deepEqual(requests(), ['POST /v1/files', 'POST /v1/files', 'GET /v1/files/:id', 'GET /v1/files/:id']);
    });

    it('two calls of other bytes of one size at once: both uploaded, both remembered', async () => {
      const { outcomes, keys } = await run(ensureSteps, { together: true, steps: [{ text: 'left' }, { text: 'rite' }] });
      assert.deepEqual(outcomes.map((o) => o.reused), [false, false]);
      assert.notEqual(outcomes[0].id, outcomes[1].id);
      assert.equal(keys.length, 2);
    });

    it('the dated API: FileMetadata, and a version of its own in the identity', async () => {
      const dated = await run(ensureSteps, { steps: [{ text: 'v' }, { text: 'v' }] }, { apiVersion: '2026-09-01-beta' });
      assert.deepEqual(dated.outcomes.map((o) => [o.reused, o.size]), [[false, 1], [true, 1]]);
      assert.match(dated.keys[0], / version:2026-09-01-beta /);
    });

    it('refuses an empty file and one over 100 MB before reading or sending anything', async () => {
      const { outcomes } = await run(ensureSteps, { steps: [{ text: '' }] });
      assert.equal(outcomes[0].error.name, 'InvalidArgumentError');
      assert.equal(outcomes[0].error.message, 'notes.txt is empty: the service refuses zero-byte files.');
      const big = await runtime.run(
        async (sdk, { baseURL, apiKey, describeError }) => {
          const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
          // A Blob that claims 100 MiB + 1 of zeros: refused by its size, never read.
          const file = new Blob([new Uint8Array(100 * 1024 * 1024 + 1)]);
          return files.ensure({ file, filename: 'big.bin', purpose: 'batch' }).then(() => 'resolved', describeError);
        },
        { baseURL: mock.url, apiKey: KEY },
      );
      assert.equal(big.name, 'InvalidArgumentError');
      assert.match(big.message, /^big\.bin is 104857601 bytes: the service takes at most 104857600 bytes/);
      assert.deepEqual(requests(), []);
    });

    for (const [kind, message] of [
      ['throwing', /^The store's get failed: disk full/],
      ['rejecting', /^The store's set failed: read-only/],
      ['wrongValue', /^The store's get must give a file id \(a string\), or undefined\.$/],
      ['noDelete', /^In the ensure options, store must be an object with get, set and delete methods/],
    ]) {
      it(`a store that is ${kind}: InvalidArgumentError naming it`, async () => {
        const result = await run(withStore, { kind });
        assert.equal(result.error?.name, 'InvalidArgumentError', JSON.stringify(result));
        assert.match(result.error.message, message);
      });
    }
  });
}

// Node hashes by node:crypto (src/identity.js), several times faster than
// the wasm's sha2, which pages keep: both must give the same key, or a
// store written by one would never be found by the other.
// A throw through the wasm leaves ensure's promise unsettled: the timeout
// (far past the milliseconds these take) makes that a failure, not a hang.
describe('ensure hashes by the platform where it can (Node)', { timeout: 60_000 }, () => {
  let mock;
  /** The store's key of the bytes (not of their size). */
  const bytesKey = (store) => [...store.keys()].find((key) => key.startsWith('sha256:'));
  const bytes = new TextEncoder().encode('the same bytes, hashed either way\n'.repeat(40_000));
  const expected = createHash('sha256').update(bytes).digest('hex');

  let path;
  before(async () => {
    mock = await startMockServer({ seed: 'none', apiKey: KEY });
    path = join(mkdtempSync(join(tmpdir(), 'moonshot-ensure-')), 'same.txt');
    writeFileSync(path, bytes);
  });
  after(async () => {
    await mock?.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });

  /** The key files.ensure remembers the bytes by, with process.getBuiltinModule as `patched` makes it. */
  async function keyWith(patched) {
    const original = process.getBuiltinModule;
    process.getBuiltinModule = patched(original);
    try {
      const store = new Map();
      const { files } = new sdk.Moonshot({ apiKey: KEY, baseURL: mock.url });
      // A file on disk, as a large upload is: its Blob streams in chunks.
      await files.ensure({ file: await openAsBlob(path), filename: 'same.txt', purpose: 'batch' }, { store });
      return bytesKey(store)?.split(' ')[0];
    } finally {
      process.getBuiltinModule = original;
    }
  }

  it("node:crypto's createHash('sha256') hashes the bytes, a chunk at a time", async () => {
    const calls = [];
    const key = await keyWith((original) => (name) => {
      const module = original(name);
      if (name !== 'node:crypto') return module;
      return {
        ...module,
        createHash(algorithm) {
          const hash = module.createHash(algorithm);
          const call = { algorithm, updates: 0, bytes: 0 };
          calls.push(call);
          return { update: (chunk) => (call.updates++, (call.bytes += chunk.byteLength), hash.update(chunk)), digest: () => hash.digest() };
        },
      };
    });
    assert.equal(key, `sha256:${expected}`);
    assert.deepEqual(calls.map((c) => [c.algorithm, c.bytes]), [['sha256', bytes.byteLength]]);
    assert.ok(calls[0].updates > 1, `the bytes came in chunks, not whole (${calls[0].updates} update)`);
  });

  it('without node:crypto the wasm hashes, and the key is the same', async () => {
    let asked = 0;
    const key = await keyWith(() => undefined);
    assert.equal(key, `sha256:${expected}`);
    // Next's Edge runtime: a getBuiltinModule that throws when called.
    const edge = await keyWith(() => () => {
      throw new Error('A Node.js API is used (process.getBuiltinModule) which is not supported in the Edge Runtime.');
    });
    assert.equal(edge, `sha256:${expected}`);
    const noCrypto = await keyWith((original) => (name) => (name === 'node:crypto' ? (asked++, undefined) : original(name)));
    assert.equal(noCrypto, `sha256:${expected}`);
    assert.equal(asked, 1);
  });

  it('a platform hash of another shape is not trusted: the wasm hashes instead, and nothing panics', async () => {
    for (const wrong of ['abc123', new Uint8Array(32), undefined]) {
      const key = await keyWith((original) => (name) => {
        const module = original(name);
        return name === 'node:crypto' ? { createHash: () => ({ update() {}, digest: () => wrong }) } : module;
      });
      assert.equal(key, `sha256:${expected}`, String(wrong));
    }
    const after = await keyWith((original) => original);
    assert.equal(after, `sha256:${expected}`, 'the client works after it');
  });

  it('a platform hash that fails: a new size is uploaded and given back unremembered; a known size is a typed error, with nothing uploaded', async () => {
    mock.clearRequests();
    const original = process.getBuiltinModule;
    process.getBuiltinModule = (name) => (name === 'node:crypto' ? { createHash: () => ({ update() { throw new Error('EIO: read failed'); }, digest() {} }) } : original(name));
    const store = new Map();
    const posts = () => notPreflight(mock.requests()).filter((r) => r.method === 'POST').length;
    try {
      const { files } = new sdk.Moonshot({ apiKey: KEY, baseURL: mock.url });
      const params = { file: new Blob([bytes]), filename: 'same.txt', purpose: 'batch' };
      // The upload went ahead while the hash failed: the file is the caller's.
      const { file, reused } = await files.ensure(params, { store });
      assert.equal(reused, false);
      assert.equal(mock.store.get(file.id)?.file.bytes, bytes.byteLength);
      assert.deepEqual([...store.keys()].map((key) => key.split(' ')[0]), [`bytes:${bytes.byteLength}`], 'only its size remembered');
      assert.equal(posts(), 1);
      await assert.rejects(files.ensure(params, { store }), (err) => {
        assert.ok(err instanceof sdk.InvalidArgumentError, String(err));
        assert.equal(err.message, 'The file could not be read: EIO: read failed');
        return true;
      });
    } finally {
      process.getBuiltinModule = original;
    }
    assert.equal(posts(), 1, 'the known size: nothing more uploaded');
  });

  it("a Blob's bytes are read for their hash once: findUploaded, then ensure of the same Blob (the dashboard's check, then its upload)", async () => {
    const store = new Map();
    const { files } = new sdk.Moonshot({ apiKey: KEY, baseURL: mock.url });
    // Other bytes of the same size remembered, so that findUploaded must hash these.
    await files.ensure({ file: new Blob([bytes.map((byte) => byte ^ 1)]), filename: 'other.txt', purpose: 'batch' }, { store });
    let reads = 0;
    class CountingBlob extends Blob {
      stream() {
        reads++;
        return super.stream();
      }
    }
    const params = { file: new CountingBlob([bytes]), filename: 'same.txt', purpose: 'batch' };
    assert.equal(await files.findUploaded(params, { store }), null);
    assert.equal(reads, 1, 'findUploaded read the bytes to hash them');
    const { file, reused } = await files.ensure(params, { store });
    assert.equal(reused, false);
    assert.equal(reads, 1, 'ensure did not read them again');
    const scope = bytesKey(store).slice(bytesKey(store).indexOf(' ')); // the purpose and the account, the same for both
    assert.equal(store.get(`sha256:${expected}${scope}`), file.id, 'remembered by their own hash');
    assert.equal((await files.findUploaded(params, { store }))?.id, file.id);
    assert.equal(reads, 1);
  });

  it("so are they where the wasm hashes (pages: no node:crypto): ensure reads them only to upload them", async () => {
    const original = process.getBuiltinModule;
    process.getBuiltinModule = () => undefined;
    try {
      const store = new Map();
      const { files } = new sdk.Moonshot({ apiKey: KEY, baseURL: mock.url });
      await files.ensure({ file: new Blob([bytes.map((byte) => byte ^ 2)]), filename: 'other.txt', purpose: 'batch' }, { store });
      // The wasm reads a Blob by slices, for the hash and for the upload alike.
      class SlicedBlob extends Blob {
        slices = 0;
        slice(...args) {
          this.slices++;
          return super.slice(...args);
        }
      }
      const upload = new SlicedBlob([bytes]);
      await files.create({ file: upload, filename: 'same.txt', purpose: 'batch' });
      const params = { file: new SlicedBlob([bytes]), filename: 'same.txt', purpose: 'batch' };
      assert.equal(await files.findUploaded(params, { store }), null);
      const hashed = params.file.slices;
      assert.ok(hashed > 1, `the hash read slices (${hashed})`);
      await files.ensure(params, { store });
      assert.equal(params.file.slices - hashed, upload.slices, "ensure's reads are the upload's alone");
    } finally {
      process.getBuiltinModule = original;
    }
  });

  it('bytes of a size never remembered are uploaded while they are hashed, not after', async () => {
    mock.clearRequests();
    // The hash's read waits for the upload to reach the mock (at most 20 s):
    // hashing first, as for a size remembered, would find it not there.
    let uploadBeforeHash = false;
    const uploadSeen = async () => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
        if (notPreflight(mock.requests()).some((r) => r.method === 'POST')) return true;
      }
      return false;
    };
    class WaitingBlob extends Blob {
      stream() {
        const chunks = super.stream().getReader();
        return new ReadableStream({
          async start() {
            uploadBeforeHash = await uploadSeen();
          },
          async pull(controller) {
            const { done, value } = await chunks.read();
            if (done) controller.close();
            else controller.enqueue(value);
          },
        });
      }
    }
    const store = new Map();
    const { files } = new sdk.Moonshot({ apiKey: KEY, baseURL: mock.url });
    const { file, reused } = await files.ensure({ file: new WaitingBlob([bytes]), filename: 'same.txt', purpose: 'batch' }, { store });
    assert.equal(reused, false);
    assert.ok(uploadBeforeHash, 'the upload reached the service before the hash had read a byte');
    assert.equal(store.get(bytesKey(store)), file.id);
    assert.equal(bytesKey(store).split(' ')[0], `sha256:${expected}`);
  });
});
