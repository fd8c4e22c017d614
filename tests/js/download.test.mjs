// files.download: the bytes the service stores, unchanged, as a Response
// (openai-node's files.content gives the same), where files.content gives
// the extracted text. Checked by hash against what was uploaded.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

import { Moonshot, NotFoundError, AbortError } from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { notPreflight, rejection } from '../support/helpers.mjs';

const KEY = 'sk-mock-key';
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'none' });
});
after(() => mock.close());
beforeEach(() => {
  mock.reset({ seed: 'none', processingMs: 0 });
  mock.clearRequests();
});

const files = (options = {}) => new Moonshot({ apiKey: KEY, baseURL: mock.url, ...options }).files;

describe('files.download(id)', () => {
  it('gives a batch file\'s bytes exactly as uploaded, though they are no UTF-8', async () => {
    // Every byte value, and sequences no UTF-8 decoder keeps (0xff, a lone 0xc3).
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from([0xff, 0xc3, 0x28]), randomBytes(4096)]);
    const api = files();
    const created = await api.create({ file: new Blob([bytes]), filename: 'results.bin', purpose: 'batch' });
    const response = await api.download(created.id);
    assert.ok(response instanceof Response, 'a fetch Response');
    assert.equal(response.status, 200);
    const got = Buffer.from(await response.arrayBuffer());
    assert.equal(got.length, bytes.length);
    assert.equal(sha256(got), sha256(bytes));
    // files.content decodes as text: the same file comes back changed there.
    const text = await api.content(created.id);
    assert.notEqual(sha256(Buffer.from(text)), sha256(bytes), 'content() is text, download() the bytes');
  });

  it('streams: the body is the caller\'s to read, chunk by chunk', async () => {
    const bytes = randomBytes(512 * 1024);
    const api = files();
    const created = await api.create({ file: new Blob([bytes]), filename: 'big.jsonl', purpose: 'batch' });
    const response = await api.download(created);
    let read = 0;
    const hash = createHash('sha256');
    for await (const chunk of response.body) {
      read += chunk.byteLength;
      hash.update(chunk);
    }
    assert.equal(read, bytes.length);
    assert.equal(hash.digest('hex'), sha256(bytes));
    assert.equal(response.headers.get('content-type'), 'application/jsonl', 'the stored type, as the service sends it');
  });

  it('an unknown id is the NotFoundError of every call, with the service\'s request id', async () => {
    const err = await rejection(files().download('cnotthereatall000000'));
    assert.ok(err instanceof NotFoundError, err.name);
    assert.equal(err.status, 404);
    assert.equal(err.requestId, notPreflight(mock.requests())[0].requestId);
  });

  it('retries what may pass, as every call does, and aborts on the signal', async () => {
    const api = files();
    const created = await api.create({ file: new Blob(['x']), filename: 'x.jsonl', purpose: 'batch' });
    mock.inject({ method: 'GET', path: `/v1/files/${created.id}/content`, status: 503, headers: { 'retry-after-ms': '0' } });
    assert.equal(await (await api.download(created.id)).text(), 'x');
    const controller = new AbortController();
    controller.abort();
    assert.ok((await rejection(api.download(created.id, { signal: controller.signal }))) instanceof AbortError);
  });
});
