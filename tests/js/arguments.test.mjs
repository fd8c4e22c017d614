// Nothing unknown passes silently: a misspelt option, an option of another
// SDK, a filter value no file can have. Each would otherwise be ignored, and
// a list that ignored `purpose` handed to deleteMany deletes every file.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import MoonshotDefault, * as sdk from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { notPreflight, rejection } from '../support/helpers.mjs';

const { Moonshot, InvalidArgumentError } = sdk;
const KEY = 'sk-mock-key';

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'none' });
});
after(() => mock.close());
beforeEach(() => {
  mock.reset({
    seed: [
      { filename: 'a.pdf', purpose: 'file-extract', status: 'ready' },
      { filename: 'b.png', purpose: 'image', status: 'ready' },
      { filename: 'c.jsonl', purpose: 'batch', status: 'ready' },
      { filename: 'd.png', purpose: 'image', status: 'error' },
    ],
  });
  mock.clearRequests();
});

const client = (options = {}) => new Moonshot({ apiKey: KEY, baseURL: mock.url, ...options });
const apiRequests = () => notPreflight(mock.requests());

/** Fails unless `err` is an InvalidArgumentError with exactly this message. */
function refused(err, message) {
  assert.ok(err instanceof InvalidArgumentError, `${err?.name}: ${err?.message}`);
  assert.equal(err.message, message);
  return true;
}

describe('an option the client does not know is refused, naming it', () => {
  it('in the constructor, with the name it is closest to', () => {
    assert.throws(() => client({ baseUrl: mock.url }), (err) => refused(err, 'In the client options, "baseUrl" is not an option: did you mean "baseURL"?'));
    assert.throws(() => client({ max_retries: 1 }), (err) => refused(err, 'In the client options, "max_retries" is not an option: did you mean "maxRetries"?'));
    assert.throws(() => client({ bogus: 1 }), (err) => {
      refused(err, err.message);
      assert.match(err.message, /^In the client options, "bogus" is not an option \(it takes apiKey, baseURL, timeout, .*defaultHeaders, apiVersion, onDeprecation, logLevel, logger\)\.$/);
      return true;
    });
  });

  it('in every call\'s options, before anything is sent', async () => {
    const files = client().files;
    const cases = [
      [() => files.list({ timout: 5 }), 'In the list options, "timout" is not an option: did you mean "timeout"?'],
      [() => files.retrieve('x', { signl: null }), 'In the request options, "signl" is not an option: did you mean "signal"?'],
      [() => files.delete('x', { retries: 1 }), 'In the request options, "retries" is not an option (it takes timeout, maxRetries, signal).'],
      [() => files.waitForProcessing('x', { pollIntervall: 10 }), 'In the wait options, "pollIntervall" is not an option: did you mean "pollInterval"?'],
      [() => files.deleteMany(['x'], { concurency: 2 }), 'In the delete options, "concurency" is not an option: did you mean "concurrency"?'],
      [() => files.create({ file: new Blob(['x']), filename: 'a.txt', purpose: 'batch', purpse: 'x' }), 'In the upload parameters, "purpse" is not an option: did you mean "purpose"?'],
      [() => files.create({ file: new Blob(['x']), filename: 'a.txt', purpose: 'batch' }, { onProgress: () => {} }), 'In the upload options, "onProgress" is not an option (it takes timeout, maxRetries, signal, onUploadProgress, idempotencyKey, makeRoom).'],
      [() => files.extract({ file: new Blob(['x']), filename: 'a.txt', keepFile: true }), 'In the extract parameters, "keepFile" is not an option (it takes file, filename, keep, maxChars).'],
      [() => files.prune({ purpose: 'image', olderThen: 1 }), 'In the prune filter, "olderThen" is not an option: did you mean "olderThan"?'],
      [() => files.list({ purpose: 'image' }, { purpose: 'batch' }), 'In the request options, "purpose" is not an option (it takes timeout, maxRetries, signal).'],
      [() => files.list({ purpose: 'image', timeout: 5 }, {}), 'In the list parameters, "timeout" is not an option (it takes purpose, pageSize, pageToken).'],
    ];
    for (const [call, message] of cases) refused(await rejection(call()), message);
    assert.deepEqual(apiRequests(), [], 'nothing was sent');
  });

  it('the names that mean something here are taken and honoured: defaultHeaders goes with every request', async () => {
    const files = client({ defaultHeaders: { 'X-Proxy-Token': 't-1' } }).files;
    await files.list();
    await files.retrieve((await files.list()).data[0].id);
    const sent = apiRequests().map((entry) => entry.headers['x-proxy-token']);
    assert.deepEqual(sent, ['t-1', 't-1', 't-1']);
    assert.throws(() => client({ defaultHeaders: { 'content-type': 'text/plain' } }), (err) => refused(err, 'The content-type header is the request body\'s own: it cannot be set.'));
    assert.throws(() => client({ defaultHeaders: { 'bad name': 'x' } }), (err) => refused(err, '"bad name" is not a valid header name.'));
    assert.throws(() => client({ defaultHeaders: { 'x-a': 1 } }), (err) => refused(err, 'In the client options, defaultHeaders must be an object of header names to strings.'));
  });
});

describe('list({ purpose }) keeps only the files of that purpose', () => {
  it('as openai-node does, the filter applied by the client (the service lists every file)', async () => {
    const files = client().files;
    const images = await files.list({ purpose: 'image' });
    assert.deepEqual(images.data.map((file) => file.filename), ['b.png', 'd.png']);
    assert.equal(images.object, 'list');
    const all = await files.list();
    assert.equal(all.data.length, 4);
    const withOptions = await files.list({ purpose: 'batch' }, { timeout: 5000 });
    assert.deepEqual(withOptions.data.map((file) => file.filename), ['c.jsonl']);
    assert.deepEqual(apiRequests().map((entry) => `${entry.method} ${entry.path}${entry.search}`), ['GET /v1/files', 'GET /v1/files', 'GET /v1/files']);
  });

  it('so deleteMany of an image list deletes the images alone', async () => {
    const files = client().files;
    const results = await files.deleteMany((await files.list({ purpose: 'image' })).data);
    assert.deepEqual(results.map((result) => result.status), ['deleted', 'deleted']);
    assert.deepEqual(mock.store.list().map((file) => file.filename), ['a.pdf', 'c.jsonl']);
  });
});

describe('a filter value the service does not document is refused, not matched against nothing', () => {
  it('purpose and status, in list and prune', async () => {
    const files = client().files;
    refused(await rejection(files.list({ purpose: 'imgae' })), 'In the list parameters, purpose must be one of file-extract, image, video, batch (got "imgae").');
    refused(await rejection(files.prune({ purpose: 'images', dryRun: true })), 'In the prune filter, purpose must be one of file-extract, image, video, batch (got "images").');
    refused(await rejection(files.prune({ status: 'failed', dryRun: true })), 'In the prune filter, status must be one of ready, ok, processing, error (got "failed").');
    assert.deepEqual(apiRequests(), []);
    assert.equal(mock.store.size, 4, 'nothing deleted');
    const failed = await files.prune({ status: 'error', dryRun: true });
    assert.deepEqual(failed.map((file) => file.filename), ['d.png']);
  });
});

describe('a file object where an id is wanted', () => {
  it('retrieve, waitForProcessing, download and deleteMany take the file itself', async () => {
    const files = client().files;
    const created = await files.create({ file: new Blob(['{"a":1}\n']), filename: 'in.jsonl', purpose: 'batch' });
    assert.equal((await files.retrieve(created)).id, created.id);
    assert.equal((await files.waitForProcessing(created, { pollInterval: 10 })).id, created.id);
    assert.equal(await (await files.download(created)).text(), '{"a":1}\n');
    assert.deepEqual((await files.deleteMany([created])).map((result) => result.id), [created.id]);
    refused(await rejection(files.retrieve({ name: 'x' })), 'The file must be its id, such as clg681objj8g9m7n4je0, or a file object with one.');
  });
});

describe('openai-node habits', () => {
  it('import Moonshot from \'moonshot-files\': the default export is the class', () => {
    assert.equal(MoonshotDefault, Moonshot);
  });

  it('console.log(client) shows its settings, never its key', async () => {
    const { inspect } = await import('node:util');
    const shown = inspect(client({ maxRetries: 3, timeout: 1000 }));
    assert.equal(shown.replace(/\s+/g, ' '), `Moonshot { baseURL: '${mock.url}', hasApiKey: true, timeout: 1000, maxRetries: 3 }`);
    assert.ok(!shown.includes(KEY));
    assert.ok(!JSON.stringify(client()).includes(KEY));
    assert.deepEqual(JSON.parse(JSON.stringify(client())), { baseURL: mock.url, hasApiKey: true, maxRetries: 2 });
  });
});

describe('every message a person reads of a refused argument', () => {
  it('is clean: no stray escape, placeholder, "undefined" or "[object Object]", and a full stop at its end', async () => {
    const files = client().files;
    const blob = new Blob(['x']);
    const constructors = [
      { bogus: 1 }, { apiKey: '' }, { apiKey: 'a\nb' }, { timeout: -1 }, { maxRetries: 1.5 }, { maxConcurrency: 0 },
      { baseURL: 'ftp://x' }, { baseURL: 'http://example.com/v1' }, { defaultHeaders: [] }, { defaultHeaders: { 'a b': 'c' } },
      { apiVersion: 'v1' }, { onRateLimit: 1 }, { fetch: 'fetch' }, 42,
    ];
    const messages = [];
    for (const options of constructors) {
      try {
        client(options);
        new Moonshot(options);
      } catch (err) {
        messages.push(err.message);
      }
    }
    const calls = [
      () => files.list({ purpose: 'x' }), () => files.list({ pageSize: 10 }), () => files.list('x'),
      () => files.retrieve(''), () => files.retrieve('..'), () => files.retrieve({}), () => files.delete(null),
      () => files.create({ file: blob, purpose: 'batch' }), () => files.create({ file: new Blob([]), filename: 'e.txt', purpose: 'batch' }),
      () => files.create({ file: 'text', filename: 'a', purpose: 'batch' }), () => files.create({ file: blob, filename: 'a', purpose: 'bogus' }),
      () => files.create(undefined), () => files.create({ file: blob, filename: 'a', purpose: 'batch' }, { idempotencyKey: 'é' }),
      () => files.extract({}), () => files.extract({ file: blob, filename: 'a' }, { maxChars: -1 }),
      () => files.waitForProcessing('x', { pollInterval: 0 }), () => files.waitForProcessing('x', { maxWait: 'long' }),
      () => files.deleteMany('x'), () => files.deleteMany(['x'], { concurrency: 33 }),
      () => files.prune({}), () => files.prune({ status: 'gone' }), () => files.prune({ olderThan: 'yesterday' }), () => files.prune(),
    ];
    for (const call of calls) messages.push((await rejection(call())).message);
    assert.ok(messages.length >= 30, `${messages.length} messages`);
    for (const message of messages) {
      assert.ok(message.length > 10, message);
      assert.doesNotMatch(message, /\\|\$\{|\{\}|undefined|\[object |NaN|\s\s|^\s|\s$/, message);
      assert.match(message, /[.?)]$/, `ends as a sentence: ${message}`);
    }
    assert.deepEqual(apiRequests(), [], 'each refused before sending');
  });
});
